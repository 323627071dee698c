//! Findings: what a rule reports, with severity and locations.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::Location;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Note,
    /// Should be fixed.
    Warning,
    /// Backups or restores will fail, or data is at risk.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `note`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "note" => Some(Severity::Note),
            _ => None,
        }
    }
}

/// A secondary location that explains a finding (e.g. the lock a retention conflicts with).
#[derive(Debug, Clone)]
pub struct Related {
    /// What this place is.
    pub message: String,
    /// Where it is.
    pub location: Location,
}

/// One problem found by one rule.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Rule id, e.g. `LB104`.
    pub rule_id: &'static str,
    /// Rule name, e.g. `vault-lock-retention-conflict`.
    pub rule_name: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, naming the resource: read it with [`Finding::message`].
    message: Message,
    /// The resource address, when the finding is about one.
    pub resource: Option<std::sync::Arc<str>>,
    /// Where to look.
    pub location: Location,
    /// Other places involved.
    pub related: Vec<Related>,
    /// A short title for the terminal ("retention shorter than the vault lock allows");
    /// the message tells the whole story. (Headline, label and help are mostly a rule's
    /// fixed words: borrowed, not copied into each of tens of thousands of findings.)
    pub headline: Option<Cow<'static, str>>,
    /// What is wrong at the primary span, in a few words ("keeps 1 day").
    pub label: Option<Cow<'static, str>>,
    /// What to change, specifically ("set delete_after to 7 or more").
    pub help: Option<Cow<'static, str>>,
    /// Set when an inline suppression or the baseline hides the finding. (It and the fix
    /// are boxed: most findings have neither, and a big scan holds hundreds of thousands.)
    pub suppressed: Option<Box<Suppressed>>,
    /// An edit that resolves the finding, when the right one is unambiguous.
    pub fix: Option<Box<Fix>>,
    /// The instances of one block this finding stands for, when it says the same of each
    /// (see [`crate::instances`]); `resource` is then the first of them.
    pub instances: Option<Box<Instances>>,
}

/// The instances of one block (`count`, `for_each`, the instances of the modules around
/// it) that one finding stands for: a report names how many and which, not each.
#[derive(Debug, Clone)]
pub struct Instances {
    /// The block's address without instance keys (`module.m.aws_dynamodb_table.t`).
    pub block: Box<str>,
    /// Every instance's address, in report order.
    pub addresses: Vec<std::sync::Arc<str>>,
}

/// How many instances a grouped message names before "and N more".
const INSTANCES_NAMED: usize = 3;

impl Instances {
    /// `module.m.aws_x.t (1,000 instances: module.m["a"].aws_x.t[0], … and 997 more)`.
    pub fn summary(&self) -> String {
        let n = self.addresses.len();
        let named: Vec<&str> = self
            .addresses
            .iter()
            .take(INSTANCES_NAMED)
            .map(|a| &**a)
            .collect();
        let more = if n > INSTANCES_NAMED {
            format!(" and {} more", thousands(n - INSTANCES_NAMED))
        } else {
            String::new()
        };
        format!(
            "{} ({} instances: {}{more})",
            self.block,
            thousands(n),
            named.join(", ")
        )
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How safe a fix is to apply without a person reading it (as ruff and clippy grade them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Keeps what the configuration means, only safer: `--fix` applies it.
    Safe,
    /// Right in most cases but changes cost or cannot be undone: `--unsafe-fixes` applies it.
    Unsafe,
    /// Shown, never applied (a person must choose a value).
    DisplayOnly,
}

impl Applicability {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A replacement of a byte span of a source file.
#[derive(Debug, Clone)]
pub struct Edit {
    /// The file.
    pub file: std::sync::Arc<crate::model::SourceFile>,
    /// The bytes replaced (empty for an insertion).
    pub span: std::ops::Range<usize>,
    /// What replaces them.
    pub text: String,
}

/// A fix: edits that resolve a finding.
#[derive(Debug, Clone)]
pub struct Fix {
    /// What the fix does ("set deletion_protection = true").
    pub message: String,
    /// How safe it is.
    pub applicability: Applicability,
    /// The edits, in one or more files.
    pub edits: Vec<Edit>,
}

/// Why a finding is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// In the source (a comment or template metadata) or outside it (a baseline).
    pub in_source: bool,
    /// The reason given.
    pub justification: String,
}

/// A finding's text. A rule says the same words of each resource it reports, around the
/// resource's address: those words are held once, shared by its findings, with the place
/// of the address marked, and the message is written out when a report asks for it (a big
/// scan holds hundreds of thousands of findings until the report is written).
#[derive(Debug, Clone)]
enum Message {
    /// Its own text.
    Own(Box<str>),
    /// Shared words, [`ADDRESS`] where the finding's resource address goes.
    Shared {
        /// The words.
        words: std::sync::Arc<str>,
        /// Where the address first goes in them ([`NOWHERE`] when it does not): sorting
        /// compares the messages of many findings up to their addresses, and searching
        /// for it in every comparison was a big fan-out's largest cost.
        first: u32,
    },
}

/// [`Message::Shared`]'s `first` when the words do not hold the address.
const NOWHERE: u32 = u32::MAX;

/// A message read piece by piece: what is known to come next, then shared words after an
/// address, searched for the next address only when a comparison gets that far.
struct Pieces<'a> {
    /// The next pieces, in order (empty ones are read too).
    ready: [&'a str; 2],
    /// How many of `ready` were read.
    read: usize,
    /// Shared words after an address, not yet searched.
    rest: Option<&'a str>,
    /// The address written in at each mark.
    address: &'a str,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if let Some(piece) = self.ready.get(self.read) {
            self.read += 1;
            return Some(piece.as_bytes());
        }
        let rest = self.rest.take()?;
        match rest.split_once(ADDRESS) {
            Some((before, after)) => {
                self.ready = [before, self.address];
                self.read = 0;
                self.rest = Some(after);
                self.next()
            }
            None => Some(rest.as_bytes()),
        }
    }
}

/// Marks the resource address in shared words. A message that has this character of its
/// own (from a value in the input) keeps its own text.
const ADDRESS: char = '\0';

/// The words findings share, one copy each (a rule's findings about many resources).
pub(crate) type Words = std::collections::HashSet<std::sync::Arc<str>>;

/// A text without the spare room `format!` leaves (it reserves twice its literal parts):
/// findings are held until the report is written, hundreds of thousands in a big scan.
pub(crate) fn fitted(mut text: Cow<'static, str>) -> Cow<'static, str> {
    if let Cow::Owned(s) = &mut text {
        s.shrink_to_fit();
    }
    text
}

impl Finding {
    /// A finding of a rule at a location, with nothing else set.
    pub fn new(
        (rule_id, rule_name): (&'static str, &'static str),
        severity: Severity,
        message: String,
        location: Location,
    ) -> Finding {
        Finding {
            rule_id,
            rule_name,
            severity,
            message: Message::Own(message.into_boxed_str()),
            resource: None,
            location,
            related: Vec::new(),
            headline: None,
            label: None,
            help: None,
            suppressed: None,
            fix: None,
            instances: None,
        }
    }

    /// What is wrong, naming the resource (or, for the instances of one block, the block,
    /// how many instances and which).
    pub fn message(&self) -> Cow<'_, str> {
        match (&self.message, &self.instances) {
            (Message::Shared { words, first }, Some(instances)) if *first != NOWHERE => {
                Cow::Owned(words.replace(ADDRESS, &instances.summary()))
            }
            (Message::Shared { words, .. }, Some(instances)) => {
                Cow::Owned(format!("{words} ({})", instances.summary()))
            }
            _ => self.message_about(self.resource.as_deref().unwrap_or_default()),
        }
    }

    /// The message as it reads of one resource address: what a finding about one of the
    /// instances it stands for said (baselines and fingerprints count instances).
    pub fn message_about(&self, address: &str) -> Cow<'_, str> {
        match &self.message {
            Message::Own(text) => Cow::Borrowed(text),
            Message::Shared { words, first } if *first != NOWHERE => {
                Cow::Owned(words.replace(ADDRESS, address))
            }
            Message::Shared { words, .. } => Cow::Borrowed(words),
        }
    }

    /// The words this finding shares with findings that say the same of other resources
    /// (none when its message is its own).
    pub(crate) fn shared_words(&self) -> Option<&std::sync::Arc<str>> {
        match &self.message {
            Message::Shared { words, .. } => Some(words),
            Message::Own(_) => None,
        }
    }

    /// Holds the message's words in `words`, shared with the findings that say the same
    /// of other resources. Call it once the resource is set; the message reads the same.
    pub(crate) fn share_words(&mut self, words: &mut Words) {
        let Message::Own(text) = &self.message else {
            return;
        };
        if text.contains(ADDRESS) {
            return;
        }
        // The words with each occurrence of the address marked, made in one search.
        let mut marked = String::new();
        let mut first = None;
        let mut written = 0;
        if let Some(address) = self.resource.as_deref().filter(|a| !a.is_empty()) {
            for (at, _) in text.match_indices(address) {
                first.get_or_insert(at);
                marked.push_str(&text[written..at]);
                marked.push(ADDRESS);
                written = at + address.len();
            }
        }
        let marked = match first {
            Some(_) => {
                marked.push_str(&text[written..]);
                &marked[..]
            }
            None => &text[..],
        };
        let Ok(first) = u32::try_from(first.unwrap_or(NOWHERE as usize)) else {
            return;
        };
        let shared = match words.get(marked) {
            Some(w) => std::sync::Arc::clone(w),
            None => {
                let w: std::sync::Arc<str> = marked.into();
                words.insert(std::sync::Arc::clone(&w));
                w
            }
        };
        self.message = Message::Shared {
            words: shared,
            first,
        };
    }

    /// Attaches a fix, when there is one.
    pub fn fix(&mut self, fix: Option<Fix>) -> &mut Self {
        self.fix = fix.map(Box::new);
        self
    }

    /// Adds a related location.
    pub fn with_related(&mut self, message: impl Into<String>, location: &Location) -> &mut Self {
        self.related.push(Related {
            message: message.into(),
            location: location.clone(),
        });
        self
    }

    /// Sets the short title shown above the code frame.
    pub fn headline(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Self {
        self.headline = Some(fitted(text.into()));
        self
    }

    /// Sets the label of the primary span.
    pub fn label(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Self {
        self.label = Some(fitted(text.into()));
        self
    }

    /// Sets the specific fix.
    pub fn help(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Self {
        self.help = Some(fitted(text.into()));
        self
    }

    /// True when the finding counts (not suppressed).
    pub fn is_active(&self) -> bool {
        self.suppressed.is_none()
    }

    /// Deterministic order: path, position, rule id, message. (The message is written
    /// out only when the rest is equal.)
    pub fn order(&self, other: &Finding) -> std::cmp::Ordering {
        self.place_key()
            .cmp(&other.place_key())
            .then_with(|| self.message_cmp(other))
    }

    /// The message in pieces, read without writing it out (sorting compares the messages
    /// of many findings at one place: a module's resource in each of its instances).
    fn message_pieces(&self) -> Pieces<'_> {
        let address = self.resource.as_deref().unwrap_or_default();
        let (ready, rest) = match &self.message {
            Message::Own(text) => ([&text[..], ""], None),
            Message::Shared { words, first } => match words.split_at_checked(*first as usize) {
                Some((head, rest)) => ([head, address], Some(&rest[ADDRESS.len_utf8()..])),
                None => ([&words[..], ""], None),
            },
        };
        Pieces {
            ready,
            read: 0,
            rest,
            address,
        }
    }

    /// Compares two findings' messages as [`Finding::message`] would write them.
    fn message_cmp(&self, other: &Finding) -> std::cmp::Ordering {
        // The same words (a rule about a module's resource in each of its instances):
        // the messages differ where their addresses first do.
        if let (
            Message::Shared { words, first },
            Message::Shared {
                words: other_words, ..
            },
        ) = (&self.message, &other.message)
        {
            if std::sync::Arc::ptr_eq(words, other_words) {
                if *first == NOWHERE {
                    return std::cmp::Ordering::Equal;
                }
                let (x, y) = (
                    self.resource.as_deref().unwrap_or_default().as_bytes(),
                    other.resource.as_deref().unwrap_or_default().as_bytes(),
                );
                let n = x.len().min(y.len());
                match x[..n].cmp(&y[..n]) {
                    std::cmp::Ordering::Equal if x.len() == y.len() => {
                        return std::cmp::Ordering::Equal
                    }
                    // One address begins the other: what follows it decides.
                    std::cmp::Ordering::Equal => {}
                    unequal => return unequal,
                }
            }
        }
        let (mut a, mut b) = (self.message_pieces(), other.message_pieces());
        let (mut x, mut y): (&[u8], &[u8]) = (&[], &[]);
        loop {
            while x.is_empty() {
                match a.next() {
                    Some(p) => x = p,
                    None => break,
                }
            }
            while y.is_empty() {
                match b.next() {
                    Some(p) => y = p,
                    None => break,
                }
            }
            if x.is_empty() || y.is_empty() {
                return x.len().cmp(&y.len());
            }
            let n = x.len().min(y.len());
            match x[..n].cmp(&y[..n]) {
                std::cmp::Ordering::Equal => (x, y) = (&x[n..], &y[n..]),
                unequal => return unequal,
            }
        }
    }

    /// Path, position and rule id: all of [`Finding::order`] but the message.
    fn place_key(&self) -> (Cow<'_, str>, usize, usize, &'static str) {
        let (path, start, end) = self.location.sort_key();
        (path, start, end, self.rule_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(resource: &str, message: &str) -> Finding {
        let mut f = Finding::new(
            ("LB000", "test"),
            Severity::Note,
            message.to_string(),
            Location::synthetic("here"),
        );
        f.resource = Some(resource.into());
        f
    }

    /// Findings that say the same of different resources share one copy of the words,
    /// and each message reads exactly as written, wherever and however often the address
    /// appears in it.
    #[test]
    fn shared_words_read_as_written() {
        let mut words = Words::default();
        let cases = [
            ("aws_backup_vault.a", "vault aws_backup_vault.a has no key"),
            ("aws_backup_vault.b", "vault aws_backup_vault.b has no key"),
            ("a", "a vault named a, again a"),
            ("x", "no address here"),
            ("", "an empty address"),
            ("v", "a NUL \0 in the input v"),
            ("aws_backup_vault.a", "vault aws_backup_vault.a"),
            (
                "aws_backup_vault.ab",
                "vault aws_backup_vault.ab has no key",
            ),
            ("aws_backup_vault.b", "vault aws_backup_vault.b has no key"),
            ("y", "no address here"),
            ("a", "a vault named a, again a"),
            ("aa", "aa vault named aa, again aa"),
        ];
        let mut found = Vec::new();
        for (resource, message) in cases {
            let mut f = finding(resource, message);
            f.share_words(&mut words);
            assert_eq!(f.message(), message);
            found.push(f);
        }
        let (Message::Shared { words: a, .. }, Message::Shared { words: b, .. }) =
            (&found[0].message, &found[1].message)
        else {
            panic!("the first two findings share their words");
        };
        assert!(std::sync::Arc::ptr_eq(a, b));
        for x in &found {
            for y in &found {
                assert_eq!(
                    x.message_cmp(y),
                    x.message().as_bytes().cmp(y.message().as_bytes())
                );
            }
        }
        assert!(matches!(found[5].message, Message::Own(_)));
        assert!(found[6].message().len() < found[0].message().len());
    }
}
