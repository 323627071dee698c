//! AWS Backup schedule expressions: the six-field AWS `cron(...)`. AWS Backup takes a
//! cron expression only ("A cron expression in UTC", `BackupRule.ScheduleExpression`);
//! a `rate(...)` expression, valid elsewhere in AWS, is rejected.
//!
//! Field syntax follows the EventBridge schedule expression reference, which AWS Backup
//! uses: minutes, hours, day-of-month, month, day-of-week, year; one of day-of-month and
//! day-of-week must be `?`. AWS Backup also refuses jobs less than 60 minutes apart.

use std::collections::BTreeSet;
use std::ops::Range;

/// A parsed, valid schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// `cron(...)`: the minutes and hours at which it fires.
    Cron {
        /// Minutes (0-59) it fires at.
        minutes: BTreeSet<u32>,
        /// Hours (0-23) it fires at.
        hours: BTreeSet<u32>,
        /// Days of the week (1 = Sunday ... 7 = Saturday) it fires on; None when it is
        /// restricted by day of month instead (or by `L`/`#`), so any weekday is possible.
        days_of_week: Option<BTreeSet<u32>>,
        /// Whether it fires in every month (the month field selects all twelve).
        every_month: bool,
    },
}

impl Schedule {
    /// Every start time in a week, in minutes from Sunday 00:00 UTC.
    pub fn weekly_starts(&self) -> Option<Vec<u32>> {
        let Schedule::Cron {
            minutes,
            hours,
            days_of_week,
            ..
        } = self;
        let days: Vec<u32> = match days_of_week {
            Some(d) => d.iter().map(|d| d - 1).collect(),
            None => (0..7).collect(),
        };
        let mut out = Vec::new();
        for d in days {
            for h in hours {
                for m in minutes {
                    out.push(d * 1440 + h * 60 + m);
                }
            }
        }
        Some(out)
    }
}

impl Schedule {
    /// The longest time between two consecutive runs, in minutes; None when the schedule
    /// depends on the calendar (days of the month, some months only).
    pub fn longest_gap_minutes(&self) -> Option<u64> {
        match self {
            Schedule::Cron {
                days_of_week: Some(_),
                every_month: true,
                ..
            } => {
                let starts = self.weekly_starts()?;
                let first = *starts.iter().min()?;
                let mut sorted = starts.clone();
                sorted.sort_unstable();
                // The gap that wraps from the last run of the week to the first of the next.
                let wrap = u64::from(first + 7 * 1440 - sorted.last()?);
                let inner = sorted.windows(2).map(|w| u64::from(w[1] - w[0]));
                inner.chain(std::iter::once(wrap)).max()
            }
            Schedule::Cron { .. } => None,
        }
    }
}

/// Why an expression is invalid, and which byte range of it is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    /// What is wrong.
    pub message: String,
    /// Byte range within the expression.
    pub span: Range<usize>,
}

fn err(message: impl Into<String>, span: Range<usize>) -> ScheduleError {
    ScheduleError {
        message: message.into(),
        span,
    }
}

/// How one cron field may be written.
struct FieldSpec {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    question: bool,
    step_ok: bool,
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [FieldSpec; 6] = [
    FieldSpec {
        name: "minutes",
        min: 0,
        max: 59,
        names: &[],
        question: false,
        step_ok: true,
    },
    FieldSpec {
        name: "hours",
        min: 0,
        max: 23,
        names: &[],
        question: false,
        step_ok: true,
    },
    FieldSpec {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
        question: true,
        step_ok: true,
    },
    FieldSpec {
        name: "month",
        min: 1,
        max: 12,
        names: MONTHS,
        question: false,
        step_ok: true,
    },
    FieldSpec {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: DAYS,
        question: true,
        step_ok: false,
    },
    FieldSpec {
        name: "year",
        min: 1970,
        max: 2199,
        names: &[],
        question: false,
        step_ok: true,
    },
];

/// Parses an AWS Backup schedule expression.
pub fn parse(expr: &str) -> Result<Schedule, ScheduleError> {
    let trimmed_start = expr.len() - expr.trim_start().len();
    let body = expr.trim();
    let whole = trimmed_start..trimmed_start + body.len();
    if let Some(inner) = strip_call(body, "cron") {
        parse_cron(inner, trimmed_start + 5)
    } else if strip_call(body, "rate").is_some() {
        Err(err(
            "AWS Backup accepts only `cron(...)` schedules, not `rate(...)` (e.g. every 12 hours: `cron(0 0/12 ? * * *)`)",
            whole,
        ))
    } else {
        Err(err(
            "expected `cron(minutes hours day-of-month month day-of-week year)`",
            whole,
        ))
    }
}

fn strip_call<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    s.strip_prefix(name)?.strip_prefix('(')?.strip_suffix(')')
}

/// Splits on spaces, keeping each word's byte offset.
fn words(s: &str, base: usize) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((&s[st..i], base + st..base + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn parse_cron(inner: &str, base: usize) -> Result<Schedule, ScheduleError> {
    let parts = words(inner, base);
    if parts.len() != 6 {
        let span = base..base + inner.len();
        return Err(err(
            format!(
                "AWS cron expressions have 6 fields (minutes hours day-of-month month day-of-week year), found {}",
                parts.len()
            ),
            span,
        ));
    }
    let mut sets = Vec::with_capacity(6);
    for ((text, span), spec) in parts.iter().zip(FIELDS.iter()) {
        sets.push(parse_field(text, span.clone(), spec)?);
    }
    let dom_q = parts[2].0 == "?";
    let dow_q = parts[4].0 == "?";
    if dom_q == dow_q {
        return Err(err(
            if dom_q {
                "day-of-month and day-of-week cannot both be `?`; one of them must select days"
            } else {
                "one of day-of-month and day-of-week must be `?` (AWS cron cannot restrict both)"
            },
            parts[4].1.clone(),
        ));
    }
    let minutes = sets[0].clone().unwrap_or_default();
    let hours = sets[1].clone().unwrap_or_default();
    let full =
        |set: &Option<BTreeSet<u32>>, n: u32| set.as_ref().is_some_and(|s| s.len() == n as usize);
    // Every day of the month in every month is every day of the week.
    let days_of_week = if dow_q && full(&sets[2], 31) {
        Some((1..=7).collect())
    } else {
        sets[4].clone()
    };
    let every_month = full(&sets[3], 12);
    if minutes.len() > 1 {
        return Err(err(
            "AWS Backup does not run backup jobs less than 60 minutes apart; give one minute value",
            parts[0].1.clone(),
        ));
    }
    Ok(Schedule::Cron {
        minutes,
        hours,
        days_of_week,
        every_month,
    })
}

/// Parses one field; returns the values it selects when they are plain numbers
/// (None for `?`, `L`, `W`, `#`, which select days rather than a fixed set).
fn parse_field(
    text: &str,
    span: Range<usize>,
    spec: &FieldSpec,
) -> Result<Option<BTreeSet<u32>>, ScheduleError> {
    if text == "?" {
        return if spec.question {
            Ok(None)
        } else {
            Err(err(
                format!("`?` is not allowed in the {} field", spec.name),
                span,
            ))
        };
    }
    let mut set = BTreeSet::new();
    let mut special = false;
    let mut offset = span.start;
    for item in text.split(',') {
        let item_span = offset..offset + item.len();
        offset += item.len() + 1;
        if item.is_empty() {
            return Err(err(
                format!("empty value in the {} field", spec.name),
                item_span,
            ));
        }
        if parse_special(item, spec) {
            special = true;
            continue;
        }
        let (range_part, step) = match item.split_once('/') {
            Some((r, s)) => {
                if !spec.step_ok {
                    return Err(err(
                        format!("`/` is not allowed in the {} field", spec.name),
                        item_span,
                    ));
                }
                let step: u32 = s.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    err(
                        format!("invalid step `{s}` in the {} field", spec.name),
                        item_span.clone(),
                    )
                })?;
                (r, step)
            }
            None => (item, 1),
        };
        let (lo, hi) = if range_part == "*" {
            (spec.min, spec.max)
        } else if let Some((a, b)) = range_part.split_once('-') {
            let lo = value(a, spec, &item_span)?;
            let hi = value(b, spec, &item_span)?;
            (lo, hi)
        } else {
            let v = value(range_part, spec, &item_span)?;
            // `5/10` means "from 5 every 10": the range runs to the field's maximum.
            (v, if item.contains('/') { spec.max } else { v })
        };
        if lo <= hi {
            set.extend((lo..=hi).step_by(step as usize));
        } else {
            // Wrapping ranges (e.g. `FRI-MON`, `22-2`) are allowed by EventBridge.
            set.extend((lo..=spec.max).chain(spec.min..=hi).step_by(step as usize));
        }
    }
    Ok(if special { None } else { Some(set) })
}

/// Accepts `L`, `LW`, `nW` (day-of-month) and `L`, `nL`, `n#k` (day-of-week).
fn parse_special(item: &str, spec: &FieldSpec) -> bool {
    let num = |s: &str, lo: u32, hi: u32| s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n));
    let day = |s: &str| num(s, 1, 7) || DAYS.contains(&s.to_ascii_uppercase().as_str());
    match spec.name {
        "day-of-month" => {
            item == "L" || item == "LW" || item.strip_suffix('W').is_some_and(|d| num(d, 1, 31))
        }
        "day-of-week" => {
            item == "L"
                || item.strip_suffix('L').is_some_and(day)
                || item
                    .split_once('#')
                    .is_some_and(|(d, n)| day(d) && num(n, 1, 5))
        }
        _ => false,
    }
}

fn value(s: &str, spec: &FieldSpec, span: &Range<usize>) -> Result<u32, ScheduleError> {
    if let Ok(n) = s.parse::<u32>() {
        if (spec.min..=spec.max).contains(&n) {
            return Ok(n);
        }
        return Err(err(
            format!(
                "{} must be between {} and {}, found {n}",
                spec.name, spec.min, spec.max
            ),
            span.clone(),
        ));
    }
    let upper = s.to_ascii_uppercase();
    if let Some(i) = spec.names.iter().position(|n| *n == upper) {
        return Ok(spec.min + i as u32);
    }
    Err(err(
        format!("`{s}` is not a valid {} value", spec.name),
        span.clone(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_expressions() {
        for ok in [
            "cron(0 * * * ? *)",
            "cron(0 3 * * ? *)",
            "cron(0 3 1 * ? *)",
            "cron(15 12 ? * MON-FRI *)",
            "cron(0 5 ? * 2#1 *)",
            "cron(0 5 L * ? *)",
            "cron(0 5 15W * ? *)",
            "cron(0 5 ? * 6L *)",
            "cron(0 0/4 * * ? *)",
            "cron(0 8 1 JAN,JUL ? 2026-2030)",
            "cron(30 23 ? * SUN *)",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
    }

    #[test]
    fn points_at_the_faulty_field() {
        let cases = [
            ("cron(0 3 * * * *)", "*", "one of day-of-month"),
            ("cron(0 24 * * ? *)", "24", "hours must be between"),
            ("cron(0 3 * * ?)", "0 3 * * ?", "6 fields"),
            ("cron(0/15 * * * ? *)", "0/15", "60 minutes"),
            ("cron(0 3 * FOO ? *)", "FOO", "not a valid month"),
            ("cron(0 3 ? * ? *)", "?", "both"),
            ("cron(? 3 * * ? *)", "?", "not allowed in the minutes"),
            ("rate(12 hours)", "rate(12 hours)", "only `cron(...)`"),
            ("every day", "every day", "expected"),
        ];
        for (expr, at, msg) in cases {
            let e = parse(expr).expect_err(expr);
            assert_eq!(&expr[e.span.clone()], at, "{expr}");
            assert!(e.message.contains(msg), "{expr}: {}", e.message);
        }
    }

    #[test]
    fn reads_minutes_and_hours() {
        let Ok(Schedule::Cron { minutes, hours, .. }) = parse("cron(30 0/6 * * ? *)") else {
            panic!("valid expression rejected");
        };
        assert_eq!(minutes.into_iter().collect::<Vec<_>>(), vec![30]);
        assert_eq!(hours.into_iter().collect::<Vec<_>>(), vec![0, 6, 12, 18]);
        let Ok(Schedule::Cron { days_of_week, .. }) = parse("cron(0 4 ? * MON,WED *)") else {
            panic!("valid expression rejected");
        };
        assert_eq!(
            days_of_week.map(|d| d.into_iter().collect::<Vec<_>>()),
            Some(vec![2, 4])
        );
    }

    #[test]
    fn longest_gap_between_runs() {
        let gap = |e: &str| parse(e).expect("valid").longest_gap_minutes();
        assert_eq!(gap("cron(0 * * * ? *)"), Some(60));
        assert_eq!(gap("cron(0 3 * * ? *)"), Some(1440));
        assert_eq!(gap("cron(0 3 ? * * *)"), Some(1440));
        assert_eq!(gap("cron(0 0/6 ? * * *)"), Some(360));
        // Monday to Friday at 05:00: Friday to Monday is three days.
        assert_eq!(gap("cron(0 5 ? * MON-FRI *)"), Some(3 * 1440));
        // Calendar-dependent: the first of the month, January only.
        assert_eq!(gap("cron(0 3 1 * ? *)"), None);
        assert_eq!(gap("cron(0 3 ? 1 * *)"), None);
    }

    #[test]
    fn start_times_in_the_week() {
        let s = parse("cron(30 4 ? * MON *)").expect("valid");
        assert_eq!(s.weekly_starts(), Some(vec![24 * 60 + 4 * 60 + 30]));
        let daily = parse("cron(0 3 * * ? *)").expect("valid");
        assert_eq!(daily.weekly_starts().map(|v| v.len()), Some(7));
    }
}
