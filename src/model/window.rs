//! RDS windows: the daily backup window `hh24:mi-hh24:mi` and the weekly maintenance
//! window `ddd:hh24:mi-ddd:hh24:mi`, both UTC, as ranges of minutes in the week.

/// Minutes in a week.
pub const WEEK: u32 = 7 * 1440;

/// A set of half-open minute ranges within the week (Sunday 00:00 = 0), already split
/// where they wrap past the end of the week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekRanges(pub Vec<(u32, u32)>);

fn hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn day(s: &str) -> Option<u32> {
    ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        .iter()
        .position(|d| d.eq_ignore_ascii_case(s))
        .map(|i| i as u32)
}

fn push_range(out: &mut Vec<(u32, u32)>, start: u32, end: u32) {
    if end > start {
        out.push((start, end));
    } else {
        // Wraps past the end of the week.
        out.push((start, WEEK));
        if end > 0 {
            out.push((0, end));
        }
    }
}

/// Parses a daily window `hh24:mi-hh24:mi` (it may wrap past midnight) into its seven
/// occurrences in the week.
pub fn daily(s: &str) -> Option<WeekRanges> {
    let (a, b) = s.trim().split_once('-')?;
    let (a, b) = (hhmm(a)?, hhmm(b)?);
    let len = if b > a { b - a } else { b + 1440 - a };
    let mut out = Vec::new();
    for d in 0..7 {
        let start = d * 1440 + a;
        push_range(&mut out, start, (start + len) % WEEK);
    }
    Some(WeekRanges(out))
}

/// Parses a weekly window `ddd:hh24:mi-ddd:hh24:mi` (it may wrap past the week's end).
pub fn weekly(s: &str) -> Option<WeekRanges> {
    let (a, b) = s.trim().split_once('-')?;
    let parse = |x: &str| -> Option<u32> {
        let (d, t) = x.split_once(':')?;
        Some(day(d)? * 1440 + hhmm(t)?)
    };
    let (a, b) = (parse(a)?, parse(b)?);
    let mut out = Vec::new();
    push_range(&mut out, a, b);
    Some(WeekRanges(out))
}

impl WeekRanges {
    /// Do two sets of ranges share any minute?
    pub fn overlaps(&self, other: &WeekRanges) -> bool {
        self.0
            .iter()
            .any(|(a0, a1)| other.0.iter().any(|(b0, b1)| a0 < b1 && b0 < a1))
    }

    /// Does the set contain a minute of the week?
    pub fn contains(&self, minute: u32) -> bool {
        self.0
            .iter()
            .any(|(a, b)| (*a..*b).contains(&(minute % WEEK)))
    }

    /// The same ranges, each started `minutes` earlier (e.g. the hour before a window).
    pub fn widened_before(&self, minutes: u32) -> WeekRanges {
        let mut out = Vec::new();
        for (a, b) in &self.0 {
            let start = (a + WEEK - minutes) % WEEK;
            push_range(&mut out, start, *b % WEEK);
        }
        WeekRanges(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_wraps() {
        assert_eq!(daily("03:00-04:00").map(|w| w.0.len()), Some(7));
        assert!(daily("23:30-00:30").is_some_and(|w| w.contains(6 * 1440 + 1439) && w.contains(10)));
        assert!(
            weekly("Sat:23:00-Sun:01:00").is_some_and(|w| w.contains(WEEK - 1) && w.contains(30))
        );
        assert_eq!(daily("3:00-4:00"), None);
        assert_eq!(weekly("Xyz:03:00-Mon:04:00"), None);
    }

    #[test]
    fn overlap() {
        let backup = daily("03:00-04:00").expect("valid");
        assert!(!backup.overlaps(&weekly("Mon:04:00-Mon:05:00").expect("valid")));
        assert!(backup.overlaps(&weekly("Mon:03:30-Mon:05:00").expect("valid")));
        assert!(daily("23:30-00:30")
            .expect("valid")
            .overlaps(&weekly("Sun:00:00-Sun:00:45").expect("valid")));
        let before = weekly("Mon:04:00-Mon:05:00")
            .expect("valid")
            .widened_before(60);
        assert!(before.contains(1440 + 3 * 60));
    }
}
