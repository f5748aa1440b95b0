//! The one order in which partial results of a split pass are added up: a fixed pairwise tree,
//! so a result depends only on the parts and their order, never on which thread finished first.
//! [`crate::Stats::merge_tree`] and k-means' sums both follow it.

/// Combines `parts` in a fixed pairwise tree — (0+1)+(2+3), … — so the result depends only on
/// the parts and their order, never on which thread finished first. `Ok(None)` for no parts; the
/// first error of `add` stops it.
pub(crate) fn merge_tree<R, E>(
    mut parts: Vec<R>,
    add: impl Fn(R, R) -> std::result::Result<R, E>,
) -> std::result::Result<Option<R>, E> {
    while parts.len() > 1 {
        let mut next = Vec::with_capacity(parts.len().div_ceil(2));
        let mut it = parts.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b) => add(a, b)?,
                None => a,
            });
        }
        parts = next;
    }
    Ok(parts.pop())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_added_in_a_fixed_pairwise_tree() {
        let add = |a: String, b: String| Ok::<_, ()>(format!("({a}+{b})"));
        let parts = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(merge_tree(parts(0), add), Ok(None));
        assert_eq!(merge_tree(parts(1), add), Ok(Some("0".into())));
        assert_eq!(
            merge_tree(parts(5), add),
            Ok(Some("(((0+1)+(2+3))+4)".into()))
        );
    }
}
