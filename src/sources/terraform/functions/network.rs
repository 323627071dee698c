//! IP network functions: `cidrsubnet`, `cidrsubnets`, `cidrhost`, `cidrnetmask`, for
//! IPv4 and IPv6.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Args, Stop, R};
use crate::sources::value::Value;

/// A parsed prefix: the network address as a number, its length, and the address width.
struct Prefix {
    base: u128,
    len: u32,
    bits: u32,
}

impl Prefix {
    fn parse(text: &str) -> R<Prefix> {
        let (addr, len) = text.split_once('/').ok_or(Stop::Fail)?;
        let addr: IpAddr = addr.parse().map_err(|_| Stop::Fail)?;
        let len: u32 = len.parse().map_err(|_| Stop::Fail)?;
        let (n, bits) = match addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
            IpAddr::V6(a) => (u128::from(a), 128),
        };
        if len > bits {
            return Err(Stop::Fail);
        }
        Ok(Prefix {
            base: n & !host_mask(bits, len),
            len,
            bits,
        })
    }

    fn address(&self, n: u128) -> String {
        if self.bits == 32 {
            Ipv4Addr::from(n as u32).to_string()
        } else {
            Ipv6Addr::from(n).to_string()
        }
    }

    /// The `newbits`-longer subnet number `netnum`.
    fn subnet(&self, newbits: f64, netnum: f64) -> R<(u128, u32)> {
        if newbits < 0.0 || netnum < 0.0 || newbits.fract() != 0.0 || netnum.fract() != 0.0 {
            return Err(Stop::Fail);
        }
        let new_len = self.len + newbits as u32;
        if new_len > self.bits || (newbits as u32) >= 128 || netnum >= 2f64.powi(newbits as i32) {
            return Err(Stop::Fail);
        }
        let shift = self.bits - new_len;
        let net = (netnum as u128).checked_shl(shift).ok_or(Stop::Fail)?;
        Ok((self.base | net, new_len))
    }
}

/// The host bits of a prefix length, as a mask.
fn host_mask(bits: u32, len: u32) -> u128 {
    let host = bits - len;
    if host >= 128 {
        u128::MAX
    } else {
        (1u128 << host) - 1
    }
}

/// Evaluates a network function; None when `name` is not one.
pub(super) fn apply(name: &str, a: &mut Args) -> R<Option<Value>> {
    let v = match name {
        "cidrsubnet" => {
            let p = Prefix::parse(&a.string()?)?;
            let newbits = a.number()?;
            let (net, len) = p.subnet(newbits, a.number()?)?;
            Value::String(format!("{}/{len}", p.address(net)).into())
        }
        "cidrsubnets" => {
            let p = Prefix::parse(&a.string()?)?;
            let mut next = p.base;
            let mut out = Vec::new();
            for nb in a.rest() {
                let nb = super::number(&nb)?;
                if nb < 1.0 || nb.fract() != 0.0 {
                    return Err(Stop::Fail);
                }
                let len = p.len + nb as u32;
                if len > p.bits {
                    return Err(Stop::Fail);
                }
                let size = host_mask(p.bits, len).checked_add(1).ok_or(Stop::Fail)?;
                let start = next.div_ceil(size).checked_mul(size).ok_or(Stop::Fail)?;
                if start & !host_mask(p.bits, p.len) != p.base {
                    return Err(Stop::Fail); // ran out of the prefix
                }
                out.push(Value::String(format!("{}/{len}", p.address(start)).into()));
                next = start.checked_add(size).ok_or(Stop::Fail)?;
            }
            Value::List(out)
        }
        "cidrhost" => {
            let p = Prefix::parse(&a.string()?)?;
            let host = a.number()?;
            let size = host_mask(p.bits, p.len) as f64 + 1.0;
            let n = if host < 0.0 { size + host } else { host };
            if n < 0.0 || n >= size || n.fract() != 0.0 {
                return Err(Stop::Fail);
            }
            Value::String(p.address(p.base + n as u128).into())
        }
        "cidrnetmask" => {
            let p = Prefix::parse(&a.string()?)?;
            if p.bits != 32 {
                return Err(Stop::Fail);
            }
            let mask = !host_mask(32, p.len) as u32;
            Value::String(Ipv4Addr::from(mask).to_string().into())
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}
