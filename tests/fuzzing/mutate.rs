//! Byte- and token-level mutations of existing inputs (the fixtures, the issue's
//! regression cases): what a fuzzer finds that a grammar does not think of.

use super::rng::Rng;

/// Tokens that change how a parser or evaluator reads what follows.
const TOKENS: &[&str] = &[
    "${",
    "%{",
    "}",
    "{",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "'",
    "\\",
    "\n",
    "\t",
    "#",
    "//",
    "/*",
    "*/",
    "<<EOF\n",
    "<<-EOT\n",
    "\nEOF\n",
    "=",
    "==",
    "=>",
    "?",
    ":",
    ",",
    ".",
    "..",
    "...",
    "*",
    "[*]",
    "!Ref ",
    "!Sub ",
    "!GetAtt ",
    "!If ",
    "!Join ",
    "!Select ",
    "!FindInMap ",
    "!Condition ",
    "&a ",
    "*a",
    "<<: *a",
    "- ",
    "--- \n",
    "...\n",
    "? ",
    "|\n",
    ">\n",
    "!!str ",
    "null",
    "true",
    "false",
    "-1",
    "0",
    "1e400",
    "-1e400",
    "9007199254740993",
    "18446744073709551616",
    "0x7fffffff",
    "NaN",
    "inf",
    "\u{0}",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{feff}",
    "é",
    "𝔘",
    "count.index",
    "each.key",
    "each.value",
    "self",
    "var.x",
    "local.a",
    "module.m",
    "data.aws_region.current.name",
    "path.module",
    "terraform.workspace",
    "for x in ",
    "if ",
    "endif",
    "endfor",
    "else",
    "dynamic ",
    "content ",
    "for_each = ",
    "count = ",
    "provider = aws.dr",
    "depends_on = [",
    "lifecycle ",
    "Fn::If",
    "Fn::Sub",
    "Ref",
    "Condition",
    "Conditions",
    "Mappings",
    "Parameters",
    "Resources",
    "Type",
    "Properties",
    "DeletionPolicy",
    "\"format_version\"",
    "\"planned_values\"",
    "\"resources\"",
    "\"root_module\"",
    "\"child_modules\"",
    "\"address\"",
    "\"values\"",
    "{}",
    "[]",
    "\"\"",
];

/// Numbers at the edges of what rules compare.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "7",
    "35",
    "89",
    "90",
    "91",
    "365",
    "36500",
    "-0",
    "0.5",
    "1e308",
    "1e400",
    "-1e400",
    "9007199254740992",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e-400",
    "00",
    "0x10",
    "1_000",
];

/// Applies one to four random mutations. `donors` are other inputs to splice from.
pub fn mutate(rng: &mut Rng, input: &[u8], donors: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        out = once(rng, &out, donors);
    }
    out
}

fn span(rng: &mut Rng, len: usize) -> (usize, usize) {
    let a = rng.below(len + 1);
    let max = (len - a).min(if rng.one_in(4) { 4096 } else { 64 });
    (a, a + rng.below(max + 1))
}

fn once(rng: &mut Rng, s: &[u8], donors: &[Vec<u8>]) -> Vec<u8> {
    let len = s.len();
    let mut out = Vec::with_capacity(len + 64);
    match rng.below(10) {
        // Delete a span.
        0 => {
            let (a, b) = span(rng, len);
            out.extend_from_slice(&s[..a]);
            out.extend_from_slice(&s[b..]);
        }
        // Duplicate a span, sometimes many times.
        1 => {
            let (a, b) = span(rng, len);
            let times = if rng.one_in(8) { 1 + rng.below(200) } else { 2 };
            out.extend_from_slice(&s[..b]);
            for _ in 1..times {
                out.extend_from_slice(&s[a..b]);
            }
            out.extend_from_slice(&s[b..]);
        }
        // Insert a token.
        2 | 3 => {
            let at = rng.below(len + 1);
            out.extend_from_slice(&s[..at]);
            out.extend_from_slice(rng.pick(TOKENS).as_bytes());
            out.extend_from_slice(&s[at..]);
        }
        // Replace a number (or any digit run) with an edge value.
        4 => {
            let digits: Vec<usize> = (0..len).filter(|i| s[*i].is_ascii_digit()).collect();
            if digits.is_empty() {
                out.extend_from_slice(s);
            } else {
                let at = *rng.pick(&digits);
                let mut end = at;
                while end < len && s[end].is_ascii_digit() {
                    end += 1;
                }
                out.extend_from_slice(&s[..at]);
                out.extend_from_slice(rng.pick(NUMBERS).as_bytes());
                out.extend_from_slice(&s[end..]);
            }
        }
        // Swap two lines.
        5 => {
            let mut lines: Vec<&[u8]> = s.split(|b| *b == b'\n').collect();
            let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(i, j);
            out = lines.join(&b'\n');
        }
        // Open many brackets (or indent deeper and deeper).
        6 => {
            let at = rng.below(len + 1);
            let open = *rng.pick(&["[", "{", "(", "- ", "  ", "[{", "${", "!If [", "a: "]);
            let max = if rng.one_in(4) { 3000 } else { 40 };
            let depth = 1 + rng.below(max);
            out.extend_from_slice(&s[..at]);
            for _ in 0..depth {
                out.extend_from_slice(open.as_bytes());
            }
            out.extend_from_slice(&s[at..]);
        }
        // Splice a span of another input.
        7 if !donors.is_empty() => {
            let donor = rng.pick(donors);
            let (a, b) = span(rng, donor.len());
            let at = rng.below(len + 1);
            out.extend_from_slice(&s[..at]);
            out.extend_from_slice(&donor[a..b]);
            out.extend_from_slice(&s[at..]);
        }
        // Set a random byte (possibly invalid UTF-8).
        _ => {
            out.extend_from_slice(s);
            if !out.is_empty() {
                let at = rng.below(out.len());
                out[at] = rng.next() as u8;
            }
        }
    }
    out
}
