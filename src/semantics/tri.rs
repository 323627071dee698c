//! Three-valued truth: what the model says may be yes, no, or unknown.

/// A three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    /// Certainly.
    Yes,
    /// Certainly not.
    No,
    /// Cannot tell.
    Maybe,
}

impl Tri {
    /// Logical and.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        }
    }

    /// Logical or.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::No, Tri::No) => Tri::No,
            _ => Tri::Maybe,
        }
    }
}

impl From<bool> for Tri {
    fn from(b: bool) -> Tri {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }
}

/// `or` over many answers, stopping at the first `Yes`.
pub fn any(answers: impl Iterator<Item = Tri>) -> Tri {
    let mut out = Tri::No;
    for a in answers {
        out = out.or(a);
        if out == Tri::Yes {
            break;
        }
    }
    out
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
        }
    }
}
