//! A small line chart on a report's page: one measure's totals across a
//! program, the bands' lower bounds drawn faintly with their names, each
//! point labelled with its total and its date under it.

use super::{measure, Doc, Item, SMALL};

/// A point of a chart: its label under the axis ("3 Nov") and its value.
pub struct Point {
    pub label: String,
    pub value: f64,
}

/// What a chart draws.
pub struct Chart<'a> {
    pub points: &'a [Point],
    /// The axis runs from 0 to `max`.
    pub max: f64,
    /// Each band: from, to, and its name, written beside the chart at its middle.
    pub bands: &'a [(f64, f64, String)],
    /// How a value is written ("12", "2.5").
    pub format: &'a dyn Fn(f64) -> String,
}

const HEIGHT: f32 = 70.0;
const WIDTH: f32 = 300.0;

impl Doc {
    /// Draws `chart` below what is on the page, keeping it whole on one page.
    pub fn chart(&mut self, chart: &Chart<'_>) {
        if chart.points.is_empty() || chart.max <= 0.0 {
            return;
        }
        self.ensure(HEIGHT + 3.0 * SMALL + 8.0);
        let left = self.margin + 18.0;
        let top = self.y + SMALL + 2.0;
        let bottom = top + HEIGHT;
        let width = WIDTH.min(self.text_width() - 120.0);
        let y_of = |v: f64| bottom - (v / chart.max).clamp(0.0, 1.0) as f32 * HEIGHT;
        let n = chart.points.len();
        let x_of = |i: usize| {
            if n == 1 {
                left + width / 2.0
            } else {
                left + 10.0 + i as f32 * (width - 20.0) / (n - 1) as f32
            }
        };
        // The frame: the axis at 0 and the top at the highest total possible.
        for (v, w) in [(0.0, 0.6), (chart.max, 0.3)] {
            let y = y_of(v);
            self.push(Item::Line {
                x1: left,
                y1: y,
                x2: left + width,
                y2: y,
                width: w,
            });
            let text = (chart.format)(v);
            let tx = left - 3.0 - measure(&text, SMALL, false);
            self.text_at(tx, y + SMALL / 3.0, SMALL, false, true, &text);
        }
        for (low, high, name) in chart.bands {
            if *low > 0.0 && *low < chart.max {
                let y = y_of(*low);
                self.push(Item::Line {
                    x1: left,
                    y1: y,
                    x2: left + width,
                    y2: y,
                    width: 0.15,
                });
            }
            let middle = y_of((low + high.min(chart.max)) / 2.0);
            self.text_at(left + width + 4.0, middle + SMALL / 3.0, SMALL, false, true, name);
        }
        let at: Vec<(f32, f32)> = chart
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (x_of(i), y_of(p.value)))
            .collect();
        if at.len() > 1 {
            self.push(Item::Polyline {
                points: at.clone(),
                width: 1.2,
            });
        }
        // Label every point when they fit; otherwise the first, the last and every few between.
        let every = n.div_ceil(8).max(1);
        for (i, ((x, y), p)) in at.iter().zip(chart.points).enumerate() {
            self.push(Item::Shade {
                rect: (x - 1.8, y - 1.8, 3.6, 3.6),
                lightness: 0,
            });
            if i % every == 0 || i == n - 1 {
                let value = (chart.format)(p.value);
                let vx = x - measure(&value, SMALL, true) / 2.0;
                self.text_at(vx, y - 4.0, SMALL, true, false, &value);
                let lx = x - measure(&p.label, SMALL, false) / 2.0;
                self.text_at(lx, bottom + SMALL + 3.0, SMALL, false, true, &p.label);
            }
        }
        self.y = bottom + 2.0 * SMALL + 6.0;
    }
}
