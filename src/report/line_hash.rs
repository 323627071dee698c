//! GitHub's `primaryLocationLineHash`: the key code scanning matches alerts by from one
//! upload to the next. GitHub's upload action computes it itself for every result whose
//! SARIF lacks it, and warns ("found existing inconsistent fingerprint value") for every
//! result whose value differs from its own; so lifeboat writes exactly the action's value.
//!
//! The algorithm, as the action documents and publishes it (`src/fingerprints.ts` of
//! github/codeql-action): a rolling hash (base 37, 64-bit wrapping arithmetic) over a
//! window of the next 100 characters from the start of each line, reading the text as
//! UTF-16 code units, skipping spaces and tabs, with `\r\n` and `\r` read as `\n`, an end
//! marker (65535) after the text and zeros after it; the value is the unsigned hash in
//! lowercase hexadecimal, then `:` and how many lines so far had the same hash.

use std::collections::HashMap;

/// Characters in the window each line's hash covers.
const BLOCK: usize = 100;
/// The hash's base.
const BASE: i64 = 37;
/// What the action reads after the last character.
const END: i64 = 65_535;

/// The state of the rolling hash over one text.
struct Rolling {
    window: [i64; BLOCK],
    /// The line that starts at each window position, if one does.
    starts: [Option<usize>; BLOCK],
    hash: i64,
    /// `BASE` to the power `BLOCK`, to take the oldest character out.
    first: i64,
    index: usize,
    line: usize,
    at_line_start: bool,
    after_cr: bool,
    seen: HashMap<u64, usize>,
    out: Vec<String>,
}

impl Rolling {
    fn new() -> Rolling {
        Rolling {
            window: [0; BLOCK],
            starts: [None; BLOCK],
            hash: 0,
            first: (0..BLOCK).fold(1i64, |m, _| m.wrapping_mul(BASE)),
            index: 0,
            line: 0,
            at_line_start: true,
            after_cr: false,
            seen: HashMap::new(),
            out: Vec::new(),
        }
    }

    /// The hash of the line whose window is complete.
    fn emit(&mut self) {
        let value = self.hash as u64;
        let n = self.seen.entry(value).or_insert(0);
        *n += 1;
        self.out.push(format!("{value:x}:{n}"));
        self.starts[self.index] = None;
    }

    fn roll(&mut self, c: i64) {
        let oldest = self.window[self.index];
        self.window[self.index] = c;
        self.hash = BASE
            .wrapping_mul(self.hash)
            .wrapping_add(c)
            .wrapping_sub(self.first.wrapping_mul(oldest));
        self.index = (self.index + 1) % BLOCK;
    }

    fn read(&mut self, c: i64) {
        const SPACE: i64 = 32;
        const TAB: i64 = 9;
        const LF: i64 = 10;
        const CR: i64 = 13;
        if c == SPACE || c == TAB || (self.after_cr && c == LF) {
            self.after_cr = false;
            return;
        }
        let c = if c == CR {
            self.after_cr = true;
            LF
        } else {
            self.after_cr = false;
            c
        };
        if self.starts[self.index].is_some() {
            self.emit();
        }
        if self.at_line_start {
            self.at_line_start = false;
            self.line += 1;
            self.starts[self.index] = Some(self.line);
        }
        if c == LF {
            self.at_line_start = true;
        }
        self.roll(c);
    }
}

/// Each line's hash, in order (line `n` at index `n - 1`), as GitHub's upload action
/// computes them for the file's text.
pub fn line_hashes(text: &str) -> Vec<String> {
    let mut r = Rolling::new();
    for unit in text.encode_utf16() {
        r.read(i64::from(unit));
    }
    r.read(END);
    for _ in 0..BLOCK {
        if r.starts[r.index].is_some() {
            r.emit();
        }
        r.roll(0);
    }
    r.out
}

#[cfg(test)]
mod tests {
    use super::line_hashes;

    /// The values the action's own tests expect (github/codeql-action,
    /// `src/fingerprints.test.ts`).
    #[test]
    fn the_upload_actions_published_values() {
        let cases: &[(&str, &[&str])] = &[
            ("", &["c129715d7a2bc9a3:1"]),
            (
                " a\nb\n  \t\tc\n d",
                &[
                    "271789c17abda88f:1",
                    "54703d4cd895b18:1",
                    "180aee12dab6264:1",
                    "a23a3dc5e078b07b:1",
                ],
            ),
            (
                " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
                &[
                    "8b7cf3e952e7aeb2:1",
                    "b1ae1287ec4718d9:1",
                    "bff680108adb0fcc:1",
                    "c6805c5e1288b612:1",
                    "b86d3392aea1be30:1",
                    "e6ceba753e1a442:1",
                ],
            ),
        ];
        let ended = [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ];
        for (text, expected) in cases {
            assert_eq!(line_hashes(text), *expected, "{text:?}");
        }
        // Every kind of line ending reads the same.
        for text in [
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        ] {
            assert_eq!(line_hashes(text), ended, "{text:?}");
        }
        // Identical lines are counted.
        assert_eq!(
            line_hashes(&"Lorem ipsum dolor sit amet.\n".repeat(10)),
            [
                "a7f2ff13bc495cf2:1",
                "a7f2ff13bc495cf2:2",
                "a7f2ff13bc495cf2:3",
                "a7f2ff13bc495cf2:4",
                "a7f2ff13bc495cf2:5",
                "a7f2ff13bc495cf2:6",
                "a7f2ff1481e87703:1",
                "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1",
                "c129715d7a2bc9a3:1",
            ]
        );
    }
}
