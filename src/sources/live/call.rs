//! Making calls: counting them, paging through lists, running per-resource calls a few at a
//! time, and turning failures into problems that name the missing permission.

use std::future::Future;

use futures_util::stream::{self, StreamExt};

/// Per-resource calls in flight at once, per service and region: enough to hide latency,
/// few enough to stay clear of throttling.
const IN_FLIGHT: usize = 8;

/// An error with its chain of sources, on one line (never credentials: SDK errors do not
/// carry them).
pub fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

/// Calls made and calls that failed.
#[derive(Debug, Default)]
pub struct Tally {
    /// API calls made (each page counts).
    pub calls: usize,
    /// What failed, one line each, never credentials.
    pub problems: Vec<String>,
}

impl Tally {
    /// Records a failed call; the audit goes on without what it would have returned.
    pub fn failed(&mut self, region: &str, action: &str, e: &dyn std::error::Error) {
        debug_assert!(
            super::ACTIONS.contains(&action)
                || super::actions::MANAGEMENT_ACTIONS.contains(&action),
            "{action} is missing from ACTIONS"
        );
        let text = describe(e);
        self.push(format!(
            "{region}: {action} failed ({text}); the audit goes on without it (the README lists the IAM policy)"
        ));
    }

    /// Records a problem unless the same action already failed in the same region (a
    /// missing permission fails every call of that action).
    fn push(&mut self, problem: String) {
        let key = problem.split(" failed (").next().unwrap_or_default();
        let seen = self
            .problems
            .iter()
            .any(|q| q.split(" failed (").next() == Some(key));
        if !seen {
            self.problems.push(problem);
        }
    }

    /// Adds another tally's counts and problems.
    pub fn absorb(&mut self, other: Tally) {
        self.calls += other.calls;
        for p in other.problems {
            self.push(p);
        }
    }
}

/// Runs `f` over every item, a few at a time, keeping the items' order.
pub async fn each<T, O, F, Fut>(items: Vec<T>, f: F) -> Vec<O>
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = O>,
{
    stream::iter(items)
        .map(f)
        .buffered(IN_FLIGHT)
        .collect()
        .await
}

/// Like [`each`], for calls that return their own tally: adds it to `tally`.
pub async fn each_tallied<T, O, F, Fut>(tally: &mut Tally, items: Vec<T>, f: F) -> Vec<O>
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = (O, Tally)>,
{
    each(items, f)
        .await
        .into_iter()
        .map(|(value, t)| {
            tally.absorb(t);
            value
        })
        .collect()
}

/// Pages through a paginated list call: runs `$body` on every page, counts each call, and
/// on failure records the action and stops. Evaluates to whether every page was read.
macro_rules! pages {
    ($tally:expr, $region:expr, $action:expr, $request:expr, |$page:ident| $body:expr) => {{
        let mut stream = $request.into_paginator().send();
        let mut complete = true;
        while let Some(result) = stream.next().await {
            $tally.calls += 1;
            match result {
                Ok($page) => $body,
                Err(e) => {
                    $tally.failed($region, $action, &e);
                    complete = false;
                    break;
                }
            }
        }
        complete
    }};
}
pub(crate) use pages;

/// Pages through a list call the SDK has no paginator for (`NextToken` in, `NextToken`
/// out): `$request` builds the call from `$token`, `$body` runs on every page. Evaluates
/// to whether every page was read.
macro_rules! token_pages {
    ($tally:expr, $region:expr, $action:expr, |$token:ident| $request:expr, |$page:ident| $body:expr) => {{
        let mut $token: Option<String> = None;
        let mut complete = true;
        loop {
            $tally.calls += 1;
            match $request.send().await {
                Ok($page) => {
                    let next = $page.next_token().map(str::to_string);
                    $body;
                    $token = next;
                    if $token.is_none() {
                        break;
                    }
                }
                Err(e) => {
                    $tally.failed($region, $action, &e);
                    complete = false;
                    break;
                }
            }
        }
        complete
    }};
}
pub(crate) use token_pages;
