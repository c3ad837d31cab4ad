//! Finite fields GF(q) for every prime power q, as addition and multiplication tables over the elements `0..q`.
//! The affine-plane construction needs them: for a prime q arithmetic modulo q would do, but q = 4, 8, 9, 16, …
//! need polynomials over GF(p) modulo an irreducible polynomial of degree k (q = p^k).
//!
//! An element is the number whose base-p digits are its polynomial's coefficients (digit i = coefficient of x^i).

/// Largest field built; the construction never needs more tables than this.
pub(crate) const MAX_ORDER: usize = 1024;

/// GF(q) with its operation tables.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    q: usize,
    add: Vec<u16>,
    mul: Vec<u16>,
}

/// `(p, k)` with `q = p^k` and p prime, or `None` when q is not a prime power.
pub(crate) fn prime_power(q: usize) -> Option<(usize, u32)> {
    if q < 2 {
        return None;
    }
    let p = (2..=q).find(|&d| q.is_multiple_of(d))?; // the smallest divisor is prime
    let mut rest = q;
    let mut k = 0;
    while rest.is_multiple_of(p) {
        rest /= p;
        k += 1;
    }
    (rest == 1).then_some((p, k))
}

/// Coefficients (lowest first) of the base-p digits of `n`, `k` of them.
fn digits(mut n: usize, p: usize, k: u32) -> Vec<usize> {
    (0..k)
        .map(|_| {
            let d = n % p;
            n /= p;
            d
        })
        .collect()
}

fn number(coefficients: &[usize], p: usize) -> usize {
    coefficients.iter().rev().fold(0, |acc, &c| acc * p + c)
}

/// `a mod m` for polynomials over GF(p); `m` is monic.
fn remainder(mut a: Vec<usize>, m: &[usize], p: usize) -> Vec<usize> {
    let dm = m.len() - 1;
    while a.len() > dm {
        let lead = a.pop().unwrap_or(0);
        let shift = a.len() - dm;
        for (i, &c) in m[..dm].iter().enumerate() {
            a[shift + i] = (a[shift + i] + p - lead * c % p) % p;
        }
    }
    a
}

/// The monic polynomial of degree `k` with lower coefficients from `n`'s digits.
fn monic(n: usize, p: usize, k: u32) -> Vec<usize> {
    let mut f = digits(n, p, k);
    f.push(1);
    f
}

/// The first (in digit order) irreducible monic polynomial of degree `k` over GF(p).
fn irreducible(p: usize, k: u32) -> Vec<usize> {
    let count = p.pow(k);
    (0..count)
        .map(|n| monic(n, p, k))
        .find(|f| {
            (1..=k / 2).all(|d| {
                (0..p.pow(d)).all(|g| {
                    remainder(f.clone(), &monic(g, p, d), p)
                        .iter()
                        .any(|&c| c != 0)
                })
            })
        })
        .expect("an irreducible polynomial of every degree exists")
}

impl Field {
    /// GF(q), or `None` when q is not a prime power or exceeds [`MAX_ORDER`].
    pub(crate) fn new(q: usize) -> Option<Field> {
        let (p, k) = prime_power(q)?;
        if q > MAX_ORDER {
            return None;
        }
        let modulus = irreducible(p, k);
        let elements: Vec<Vec<usize>> = (0..q).map(|n| digits(n, p, k)).collect();
        let mut add = vec![0u16; q * q];
        let mut mul = vec![0u16; q * q];
        for a in 0..q {
            for b in 0..q {
                let (x, y) = (&elements[a], &elements[b]);
                let sum: Vec<usize> = x.iter().zip(y).map(|(i, j)| (i + j) % p).collect();
                let mut product = vec![0; 2 * k as usize];
                for (i, &xi) in x.iter().enumerate() {
                    for (j, &yj) in y.iter().enumerate() {
                        product[i + j] = (product[i + j] + xi * yj) % p;
                    }
                }
                add[a * q + b] = number(&sum, p) as u16;
                mul[a * q + b] = number(&remainder(product, &modulus, p), p) as u16;
            }
        }
        Some(Field { q, add, mul })
    }

    pub(crate) fn order(&self) -> usize {
        self.q
    }

    pub(crate) fn add(&self, a: usize, b: usize) -> usize {
        usize::from(self.add[a * self.q + b])
    }

    pub(crate) fn mul(&self, a: usize, b: usize) -> usize {
        usize::from(self.mul[a * self.q + b])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prime_powers_are_recognised() {
        let check =
            |q: usize, expected: Option<(usize, u32)>| assert_eq!(prime_power(q), expected, "{q}");
        check(0, None);
        check(1, None);
        check(2, Some((2, 1)));
        check(4, Some((2, 2)));
        check(6, None);
        check(8, Some((2, 3)));
        check(9, Some((3, 2)));
        check(12, None);
        check(25, Some((5, 2)));
        check(27, Some((3, 3)));
        check(49, Some((7, 2)));
        check(100, None);
        check(121, Some((11, 2)));
    }

    #[test]
    fn tables_obey_the_field_axioms() {
        for q in [2, 3, 4, 5, 7, 8, 9, 16, 25, 27, 32] {
            let f = Field::new(q).unwrap();
            assert_eq!(f.order(), q);
            for a in 0..q {
                assert_eq!(f.add(a, 0), a);
                assert_eq!(f.mul(a, 1), a);
                assert_eq!(f.mul(a, 0), 0);
                assert!(
                    (0..q).any(|b| f.add(a, b) == 0),
                    "GF({q}): {a} has no negative"
                );
                if a != 0 {
                    assert_eq!(
                        (0..q).filter(|&b| f.mul(a, b) == 1).count(),
                        1,
                        "GF({q}): {a} has no inverse"
                    );
                }
                for b in 0..q {
                    assert_eq!(f.add(a, b), f.add(b, a));
                    assert_eq!(f.mul(a, b), f.mul(b, a));
                    for c in (0..q).step_by(q / 4 + 1) {
                        assert_eq!(f.mul(a, f.add(b, c)), f.add(f.mul(a, b), f.mul(a, c)));
                        assert_eq!(f.mul(a, f.mul(b, c)), f.mul(f.mul(a, b), c));
                        assert_eq!(f.add(a, f.add(b, c)), f.add(f.add(a, b), c));
                    }
                }
            }
        }
        assert!(Field::new(6).is_none());
        assert!(Field::new(2048).is_none());
    }

    #[test]
    fn gf4_is_not_arithmetic_mod_4() {
        let f = Field::new(4).unwrap();
        // 2 = x and 3 = x + 1: x·x = x + 1, while 2·2 = 0 mod 4.
        assert_eq!(f.mul(2, 2), 3);
        assert_eq!(f.add(2, 2), 0);
    }
}
