//! Mutated texts for the tests that compare a fast reader with the general one
//! ([`super::yaml_subset`], `load::roster`): deterministic, so every run tries the same cases.

/// A small deterministic generator (no external randomness: the same cases every run).
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number below `below` (0 when `below` is 0).
    pub fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// `base` changed one to four times: one of `pieces` inserted inside a line, a line deleted,
/// duplicated, indented or outdented. A text left without lines becomes `empty`.
pub fn mutate(base: &str, rng: &mut Lcg, pieces: &[&str], empty: &str) -> String {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    for _ in 0..=rng.next(3) {
        if lines.is_empty() {
            lines.push(empty.into());
        }
        let at = rng.next(lines.len());
        match rng.next(5) {
            0 => {
                let line = &mut lines[at];
                let mut cut = rng.next(line.len() + 1);
                while !line.is_char_boundary(cut) {
                    cut -= 1;
                }
                line.insert_str(cut, pieces[rng.next(pieces.len())]);
            }
            1 => {
                lines.remove(at);
            }
            2 => {
                let copy = lines[at].clone();
                lines.insert(at, copy);
            }
            3 => lines[at].insert(0, ' '),
            _ => {
                if lines[at].starts_with(' ') {
                    lines[at].remove(0);
                }
            }
        }
    }
    if lines.is_empty() {
        lines.push(empty.into());
    }
    lines.join("\n") + "\n"
}
