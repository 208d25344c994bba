//! Fitting the model to labeled calls: one logistic regression over the named signals and the
//! hashed words together, each signal's weight pulled toward its hand-set value and each word
//! weight toward zero, so a few hundred calls refine what a dispatcher would say rather than
//! replace it. Then Platt scaling on held-out scores, so a score of 70 means about 70%.
//!
//! Pure and deterministic (full-batch Adam from a fixed start): the same calls give the same
//! model on every machine.

use crate::features::{FeatureId, Features, FEATURE_COUNT};
use crate::model::{hand_set_weight, Model, PRIOR_BIAS};
use crate::text_model::{Terms, TABLE_SIZE};

/// One labeled call, as the detector sees it.
#[derive(Debug, Clone)]
pub struct Example {
    /// The signals, without [`FeatureId::LearnedWords`] (that is what is being trained).
    pub features: Features,
    pub terms: Terms,
    pub label: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Pull of each signal weight toward its hand-set value.
    pub signal_pull: f64,
    /// Pull of each word weight toward zero.
    pub word_pull: f64,
    pub iterations: u32,
    pub learning_rate: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            // Chosen by `SCL_TRAIN_SEARCH=1 --example train`: the lowest log loss on the
            // outside tuning authors' leave-one-source-out scores (BENCHMARKS.md).
            signal_pull: 0.0005,
            word_pull: 0.00001,
            iterations: 400,
            learning_rate: 0.05,
        }
    }
}

/// A fitted model: signal weights and bias in `model`, the word table beside it.
#[derive(Debug, Clone)]
pub struct Fit {
    pub model: Model,
    pub table: Vec<f32>,
}

impl Fit {
    /// Log-odds for one example.
    pub fn logit(&self, e: &Example) -> f64 {
        let mut z = self.model.bias;
        for (f, x) in e.features.iter() {
            if f != FeatureId::LearnedWords {
                z += self.model.weight(f) * x;
            }
        }
        let v = e.terms.value();
        z + e
            .terms
            .terms
            .iter()
            .map(|t| f64::from(self.table[t.slot as usize]) * v)
            .sum::<f64>()
    }

    /// Scales every weight by `a` and shifts the bias by `b`: Platt scaling folded in.
    pub fn calibrate(&mut self, a: f64, b: f64) {
        for w in self.model.weights.values_mut() {
            *w = round9(*w * a);
        }
        // The words' weight stays 1: their table is scaled instead.
        self.model
            .weights
            .insert(FeatureId::LearnedWords.name().to_string(), 1.0);
        self.model.bias = round9(self.model.bias * a + b);
        for w in &mut self.table {
            *w = (f64::from(*w) * a) as f32;
        }
    }

    /// The table's non-zero slots, rounded, as the shipped file stores them.
    pub fn sparse_table(&self) -> Vec<(u32, f32)> {
        self.table
            .iter()
            .enumerate()
            .filter(|(_, w)| w.abs() >= 1e-4)
            .map(|(i, w)| (i as u32, (w * 1e4).round() / 1e4))
            .collect()
    }
}

/// Fits signal weights, bias and word table to `examples`.
pub fn fit(examples: &[Example], opts: &TrainOptions) -> Fit {
    let hand: Vec<f64> = FeatureId::ALL.iter().map(|&f| hand_set_weight(f)).collect();
    let mut w = hand.clone();
    w[FeatureId::LearnedWords as usize] = 0.0;
    let mut bias = PRIOR_BIAS;
    let mut table = vec![0f64; TABLE_SIZE];
    // Adam state.
    let (b1, b2, eps): (f64, f64, f64) = (0.9, 0.999, 1e-8);
    let mut mw = vec![0.0; FEATURE_COUNT];
    let mut vw = vec![0.0; FEATURE_COUNT];
    let (mut mb, mut vb) = (0.0, 0.0);
    let mut mt = vec![0.0; TABLE_SIZE];
    let mut vt = vec![0.0; TABLE_SIZE];
    let mut touched: Vec<u32> = examples
        .iter()
        .flat_map(|e| e.terms.terms.iter().map(|t| t.slot))
        .collect();
    touched.sort_unstable();
    touched.dedup();
    let n = examples.len().max(1) as f64;
    let mut gw = vec![0.0; FEATURE_COUNT];
    let mut gt = vec![0.0; TABLE_SIZE];
    for step in 1..=opts.iterations {
        gw.iter_mut().for_each(|g| *g = 0.0);
        for &s in &touched {
            gt[s as usize] = 0.0;
        }
        let mut gb = 0.0;
        for e in examples {
            let v = e.terms.value();
            let mut z = bias;
            for (f, x) in e.features.iter() {
                if f != FeatureId::LearnedWords {
                    z += w[f as usize] * x;
                }
            }
            for t in &e.terms.terms {
                z += table[t.slot as usize] * v;
            }
            let err = sigmoid(z) - if e.label { 1.0 } else { 0.0 };
            gb += err;
            for (f, x) in e.features.iter() {
                if f != FeatureId::LearnedWords {
                    gw[f as usize] += err * x;
                }
            }
            for t in &e.terms.terms {
                gt[t.slot as usize] += err * v;
            }
        }
        let lr = opts.learning_rate;
        let (c1, c2) = (1.0 - b1.powi(step as i32), 1.0 - b2.powi(step as i32));
        let adam = |x: &mut f64, g: f64, m: &mut f64, v: &mut f64| {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *x -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
        };
        for i in 0..FEATURE_COUNT {
            if i == FeatureId::LearnedWords as usize {
                continue;
            }
            let g = gw[i] / n + opts.signal_pull * (w[i] - hand[i]);
            adam(&mut w[i], g, &mut mw[i], &mut vw[i]);
            w[i] = w[i].clamp(-Model::MAX_WEIGHT, Model::MAX_WEIGHT);
        }
        adam(&mut bias, gb / n, &mut mb, &mut vb);
        for &s in &touched {
            let s = s as usize;
            let g = gt[s] / n + opts.word_pull * table[s];
            adam(&mut table[s], g, &mut mt[s], &mut vt[s]);
        }
    }
    let mut model = Model::hand_set();
    for &f in FeatureId::ALL {
        model
            .weights
            .insert(f.name().to_string(), round9(w[f as usize]));
    }
    model
        .weights
        .insert(FeatureId::LearnedWords.name().to_string(), 1.0);
    model.bias = round9(bias);
    Fit {
        model,
        table: table.into_iter().map(|x| x as f32).collect(),
    }
}

/// Platt scaling: `a`, `b` such that `sigmoid(a * logit + b)` fits the labels best, from
/// (logit, label) pairs the model was not trained on.
pub fn platt(pairs: &[(f64, bool)]) -> (f64, f64) {
    let (mut a, mut b) = (1.0, 0.0);
    let n = pairs.len().max(1) as f64;
    // Newton's method on two parameters; log loss is convex in (a, b).
    for _ in 0..50 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-6, 0.0, 1e-6);
        for &(z, y) in pairs {
            let p = sigmoid(a * z + b);
            let e = p - if y { 1.0 } else { 0.0 };
            let s = p * (1.0 - p);
            ga += e * z;
            gb += e;
            haa += s * z * z;
            hab += s * z;
            hbb += s;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        // A full Newton step can overshoot when the logits are large (confident models): halve
        // it until the loss goes down, so the fit never diverges.
        let before = platt_loss(pairs, a, b);
        let mut step = 1.0;
        while step > 1e-6 && platt_loss(pairs, a - step * da, b - step * db) > before {
            step /= 2.0;
        }
        a -= step * da;
        b -= step * db;
        if step * (da.abs() + db.abs()) / n < 1e-12 {
            break;
        }
    }
    (a, b)
}

fn platt_loss(pairs: &[(f64, bool)], a: f64, b: f64) -> f64 {
    pairs
        .iter()
        .map(|&(z, y)| {
            // log(1 + e^x) computed without overflow.
            let x = a * z + b;
            let softplus = |x: f64| x.max(0.0) + (-x.abs()).exp().ln_1p();
            if y {
                softplus(-x)
            } else {
                softplus(x)
            }
        })
        .sum()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn round9(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;
    use scl_domain::{Speaker, TranscriptSegment};

    fn example(text: &str, price: bool, label: bool) -> Example {
        let mut features = Features::default();
        if price {
            features.set(FeatureId::AskedPrice, 1.0);
        }
        Example {
            features,
            terms: Terms::of(&[TranscriptSegment {
                start_s: 0.0,
                end_s: 1.0,
                speaker: Speaker::Customer,
                text: text.into(),
            }]),
            label,
        }
    }

    #[test]
    fn words_that_separate_the_labels_are_learned() {
        let mut data = Vec::new();
        for i in 0..40 {
            data.push(example(
                &format!("the squiggle thing broke {i}"),
                false,
                true,
            ));
            data.push(example(
                &format!("just the monthly statement {i}"),
                false,
                false,
            ));
        }
        let fit = fit(&data, &TrainOptions::default());
        let lead = example("my squiggle broke", false, true);
        let not = example("about the statement", false, false);
        assert!(fit.logit(&lead) > 0.0, "{}", fit.logit(&lead));
        assert!(fit.logit(&not) < 0.0, "{}", fit.logit(&not));
    }

    #[test]
    fn signal_weights_stay_near_the_hand_set_ones_without_evidence() {
        let data = vec![example("hello there", false, false); 10];
        let fit = fit(&data, &TrainOptions::default());
        let w = fit.model.weight(FeatureId::WrongNumber);
        assert_eq!(w, round9(hand_set_weight(FeatureId::WrongNumber)));
    }

    #[test]
    fn platt_recovers_a_known_scaling() {
        // Labels drawn so that the true probability is sigmoid(2z - 1).
        let mut pairs = Vec::new();
        for i in 0..2000 {
            let z = (i % 200) as f64 / 40.0 - 2.5;
            let p = sigmoid(2.0 * z - 1.0);
            // Deterministic "draws": the fraction of labels true at each z equals p.
            let k = i / 200;
            pairs.push((z, (k as f64 + 0.5) / 10.0 < p));
        }
        let (a, b) = platt(&pairs);
        assert!((a - 2.0).abs() < 0.5, "a = {a}");
        assert!((b + 1.0).abs() < 0.5, "b = {b}");
    }
}
