//! The median and range of repeated measurements: what every benchmark prints for its repeats
//! (`emviz bench`, the arithmetic-peak example), defined once.

/// The median, least and largest of some measurements.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The middle value (the mean of the two middle ones for an even count).
    pub median: f64,
    /// The least.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; None when there are none.
    pub fn of(mut values: Vec<f64>) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let m = values.len() / 2;
        let median = if values.len() % 2 == 1 {
            values[m]
        } else {
            (values[m - 1] + values[m]) / 2.0
        };
        Some(Spread {
            median,
            min: values[0],
            max: values[values.len() - 1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_and_range_of_the_repeats() {
        let s = |v: Vec<f64>| Spread::of(v).map(|s| (s.median, s.min, s.max));
        assert_eq!(s(vec![3.0, 1.0, 2.0]), Some((2.0, 1.0, 3.0)));
        assert_eq!(s(vec![4.0, 1.0, 2.0, 9.0]), Some((3.0, 1.0, 9.0)));
        assert_eq!(s(vec![5.0]), Some((5.0, 5.0, 5.0)));
        assert_eq!(s(vec![]), None);
    }
}
