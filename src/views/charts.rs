//! Bar charts drawn on the server as inline SVG: no script, readable without CSS, with a
//! title for screen readers.
//!
//! This module only measures: [`bar_chart`] turns data into a [`Chart`], plain numbers and
//! text, and the `bar_chart` macro of `templates/admin/charts.html` draws it, so tera escapes
//! every label as for any page. Colours and fonts come from the `.chart` rules of `site.css`
//! (no inline styles: the CSP forbids them).

use serde::Serialize;

/// One bar: what it counts and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Datum {
    pub label: String,
    pub value: i64,
}

impl Datum {
    /// A bar labelled `label` of height `value`.
    pub fn new(label: impl Into<String>, value: i64) -> Datum {
        Datum {
            label: label.into(),
            value,
        }
    }
}

/// A chart ready for the template: its size, its bars placed, and the data behind it (for
/// the table fallback).
#[derive(Debug, Serialize)]
pub struct Chart {
    pub title: String,
    pub width: i64,
    pub height: i64,
    /// The baseline of a column chart.
    pub axis: Option<Axis>,
    pub bars: Vec<Bar>,
    pub data: Vec<Datum>,
    /// What the last bar ("Khác (n nhóm)") groups, largest first: listed under the chart.
    pub rest: Vec<Datum>,
}

impl Chart {
    /// The chart whose last bar sums `rest` (see [`top_with_rest`]).
    pub fn with_rest(mut self, rest: Vec<Datum>) -> Chart {
        self.rest = rest;
        self
    }
}

/// A horizontal line from `x1` to `x2` at height `y`.
#[derive(Debug, Serialize)]
pub struct Axis {
    pub x1: i64,
    pub x2: i64,
    pub y: i64,
}

/// A bar with its value and label, placed.
#[derive(Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub value_x: i64,
    pub value_y: i64,
    /// `text-anchor` of the value: `middle` over a column, `start` after a row.
    pub value_anchor: &'static str,
    pub label_x: i64,
    pub label_y: i64,
    /// `text-anchor` of the label: `middle` under a column, `end` before a row.
    pub label_anchor: &'static str,
}

/// The first `n` data by value (largest first) and, last, the rest summed under
/// `rest_label(how many groups it holds)`; with the data the last bar groups (to list them).
pub fn top_with_rest(
    mut data: Vec<Datum>,
    n: usize,
    rest_label: impl Fn(usize) -> String,
) -> (Vec<Datum>, Vec<Datum>) {
    data.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
    if data.len() <= n {
        return (data, Vec::new());
    }
    let rest = data.split_off(n);
    let sum: i64 = rest.iter().map(|d| d.value.max(0)).sum();
    data.push(Datum::new(rest_label(rest.len()), sum));
    (data, rest)
}

/// Which way the bars grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Columns along a horizontal axis (years).
    Vertical,
    /// Rows with the label on the left (names).
    Horizontal,
}

/// Drawn at about its own size on a 360 px phone, so its 13 px text stays 12 px or more.
const WIDTH: i64 = 360;
/// Height of a chart with no data: room for the "no data" note.
const EMPTY_HEIGHT: i64 = 60;

/// The chart of `data` titled `title`; an empty list draws a "no data" note.
pub fn bar_chart(title: &str, data: Vec<Datum>, orientation: Orientation) -> Chart {
    let (height, axis, bars) = match orientation {
        _ if data.is_empty() => (EMPTY_HEIGHT, None, Vec::new()),
        Orientation::Vertical => vertical(&data),
        Orientation::Horizontal => horizontal(&data),
    };
    Chart {
        title: title.to_owned(),
        width: WIDTH,
        height,
        axis,
        bars,
        data,
        rest: Vec::new(),
    }
}

/// Length of a bar of `value` when `max` fills `room` (zero and negative values draw none).
fn scaled(value: i64, max: i64, room: i64) -> i64 {
    if max <= 0 || value <= 0 {
        0
    } else {
        (value * room / max).max(1)
    }
}

fn max_value(data: &[Datum]) -> i64 {
    data.iter().map(|d| d.value).max().unwrap_or(0)
}

fn index(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

fn vertical(data: &[Datum]) -> (i64, Option<Axis>, Vec<Bar>) {
    let (top, plot, bottom) = (20, 200, 40);
    let max = max_value(data);
    let slot = (WIDTH - 20) / index(data.len()).max(1);
    let bar_width = (slot * 7 / 10).max(1);
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let h = scaled(d.value, max, plot);
            let x = 10 + index(i) * slot + (slot - bar_width) / 2;
            let y = top + plot - h;
            let centre = x + bar_width / 2;
            Bar {
                label: d.label.clone(),
                value: d.value,
                x,
                y,
                width: bar_width,
                height: h,
                value_x: centre,
                value_y: y - 4,
                value_anchor: "middle",
                label_x: centre,
                // Narrow columns take turns on two lines, so their labels never overlap.
                label_y: top + plot + 16 + if slot < 44 && i % 2 == 1 { 15 } else { 0 },
                label_anchor: "middle",
            }
        })
        .collect();
    let axis = Axis {
        x1: 10,
        x2: WIDTH - 10,
        y: top + plot,
    };
    (top + plot + bottom, Some(axis), bars)
}

/// Rows, each with its label on a line of its own above the bar (long names are never cut),
/// and the value after the bar.
fn horizontal(data: &[Datum]) -> (i64, Option<Axis>, Vec<Bar>) {
    let (value_room, row, bar) = (56, 40, 14);
    let plot = WIDTH - value_room;
    let max = max_value(data);
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = 4 + index(i) * row;
            let w = scaled(d.value, max, plot);
            Bar {
                label: d.label.clone(),
                value: d.value,
                x: 0,
                y: y + 19,
                width: w,
                height: bar,
                value_x: w + 6,
                value_y: y + 31,
                value_anchor: "start",
                label_x: 0,
                label_y: y + 14,
                label_anchor: "start",
            }
        })
        .collect();
    (index(data.len()) * row + 8, None, bars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_data_draws_no_bars() {
        for o in [Orientation::Vertical, Orientation::Horizontal] {
            let chart = bar_chart("Trống", Vec::new(), o);
            assert!(chart.bars.is_empty() && chart.axis.is_none());
            assert_eq!(chart.height, EMPTY_HEIGHT);
        }
    }

    #[test]
    fn zero_values_draw_empty_bars_without_dividing_by_zero() {
        let data = vec![Datum::new("2023", 0), Datum::new("2024", 0)];
        let columns = bar_chart("Không", data.clone(), Orientation::Vertical);
        assert!(columns.bars.iter().all(|b| (b.width, b.height) == (119, 0)));
        let rows = bar_chart("Không", data, Orientation::Horizontal);
        assert!(rows.bars.iter().all(|b| b.width == 0));
        let mixed = bar_chart(
            "Có",
            vec![Datum::new("a", 0), Datum::new("b", 10)],
            Orientation::Horizontal,
        );
        let widths: Vec<i64> = mixed.bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, vec![0, WIDTH - 56]);
    }

    #[test]
    fn the_table_fallback_keeps_the_raw_data() {
        let data = vec![Datum::new("<b>", 3), Datum::new("a & b", 1)];
        let chart = bar_chart("Số", data.clone(), Orientation::Horizontal);
        assert_eq!(chart.data, data);
        assert_eq!(
            chart.bars[0].label, "<b>",
            "the template escapes, not this module"
        );
    }

    #[test]
    fn the_tail_is_summed_under_one_label() {
        let data = (1..=5).map(|n| Datum::new(format!("p{n}"), n)).collect();
        let (top, rest) = top_with_rest(data, 2, |n| format!("rest of {n}"));
        assert_eq!(
            top,
            vec![
                Datum::new("p5", 5),
                Datum::new("p4", 4),
                Datum::new("rest of 3", 6)
            ]
        );
        assert_eq!(
            rest,
            vec![
                Datum::new("p3", 3),
                Datum::new("p2", 2),
                Datum::new("p1", 1)
            ]
        );
        let short = top_with_rest(vec![Datum::new("a", 1)], 3, |n| format!("rest of {n}"));
        assert_eq!(short, (vec![Datum::new("a", 1)], Vec::new()));
    }

    #[test]
    fn row_labels_stand_above_their_bars_inside_the_chart() {
        let long = "Thành phố Hồ Chí Minh (gồm cả Bình Dương và Bà Rịa – Vũng Tàu)";
        let chart = bar_chart("T", vec![Datum::new(long, 1234)], Orientation::Horizontal);
        let bar = &chart.bars[0];
        assert_eq!((bar.label_x, bar.label_anchor), (0, "start"));
        assert!(bar.label_y < bar.y, "the label is above its bar");
        assert!(
            bar.value_x + 40 <= WIDTH,
            "the value fits after the longest bar"
        );
    }
}
