//! Runs every standard scenario many times and prints, per method, the
//! mean estimate, relative bias, coverage of the 95% interval and median
//! interval width, as a Markdown table.
//!
//! cargo run -p kuager-estimate --release --example validate -- --replicates 200
//!
//! Options: --replicates R (200), --total N (2000), --seed S (1),
//! --lc-iterations I (latent-class sweeps after burn-in; default the
//! library's), --lc-burn-in B.

use std::time::Instant;

use kuager_estimate::simulate::standard_scenarios;
use kuager_estimate::{
    chapman, latent_class, log_linear, Estimate, LatentClassOptions, LogLinearOptions,
};

struct Args {
    replicates: u64,
    total: u64,
    seed: u64,
    lc: LatentClassOptions,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        replicates: 200,
        total: 2000,
        seed: 1,
        lc: LatentClassOptions::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--replicates" => a.replicates = num(&value)?,
            "--total" => a.total = num(&value)?,
            "--seed" => a.seed = num(&value)?,
            "--lc-iterations" => a.lc.iterations = num(&value)? as usize,
            "--lc-burn-in" => a.lc.burn_in = num(&value)? as usize,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(a)
}

#[derive(Default)]
struct Tally {
    estimates: Vec<f64>,
    covered: usize,
    widths: Vec<f64>,
    failed: usize,
    seconds: f64,
}

impl Tally {
    fn push(&mut self, r: Result<Estimate, kuager_estimate::EstimateError>, truth: f64, secs: f64) {
        self.seconds += secs;
        match r {
            Ok(e) => {
                self.estimates.push(e.estimate);
                if e.lower <= truth && truth <= e.upper {
                    self.covered += 1;
                }
                self.widths.push(e.upper - e.lower);
            }
            Err(_) => self.failed += 1,
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    }
}

fn main() {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("validate: {e}");
            std::process::exit(2);
        }
    };
    let truth = args.total as f64;
    println!(
        "| scenario | method | true N | mean documented | mean estimate | relative bias | 95% coverage | median width | failed | s/run |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (si, sc) in standard_scenarios().iter().enumerate() {
        let k = sc.lists();
        let methods: Vec<&str> = if k == 2 {
            vec!["Chapman"]
        } else {
            vec!["log-linear (BIC)", "latent-class"]
        };
        let mut tallies: Vec<Tally> = methods.iter().map(|_| Tally::default()).collect();
        let mut documented = 0.0;
        for r in 0..args.replicates {
            let seed = args.seed.wrapping_mul(1_000_003) + (si as u64) * 100_000 + r;
            let h = match sc.simulate(args.total, seed) {
                Ok(h) => h,
                Err(e) => {
                    eprintln!("validate: {e}");
                    std::process::exit(1);
                }
            };
            documented += h.documented() as f64;
            for (mi, m) in methods.iter().enumerate() {
                let t = Instant::now();
                let res = match *m {
                    "Chapman" => chapman(&h),
                    "log-linear (BIC)" => log_linear(&h, &LogLinearOptions::default()),
                    _ => latent_class(
                        &h,
                        &LatentClassOptions {
                            seed,
                            ..args.lc.clone()
                        },
                    ),
                };
                tallies[mi].push(res, truth, t.elapsed().as_secs_f64());
            }
        }
        for (m, t) in methods.iter().zip(tallies.iter_mut()) {
            let ok = t.estimates.len();
            let mean = t.estimates.iter().sum::<f64>() / ok.max(1) as f64;
            println!(
                "| {} | {} | {} | {:.0} | {:.0} | {:+.1}% | {:.1}% | {:.0} | {} | {:.3} |",
                sc.name,
                m,
                args.total,
                documented / args.replicates.max(1) as f64,
                mean,
                100.0 * (mean - truth) / truth,
                100.0 * t.covered as f64 / ok.max(1) as f64,
                median(&mut t.widths),
                t.failed,
                t.seconds / args.replicates.max(1) as f64,
            );
        }
    }
    timing(&args.lc);
}

/// How long one latent-class run takes on a large table (10^5 documented).
fn timing(lc: &LatentClassOptions) {
    use kuager_estimate::simulate::Scenario;
    for k in [4usize, 8] {
        let probs: Vec<f64> = (0..k).map(|j| 0.2 + 0.05 * (j % 3) as f64).collect();
        let Ok(h) = Scenario::independent("timing", probs).simulate(150_000, 9) else {
            return;
        };
        let t = Instant::now();
        let r = latent_class(&h, lc);
        let secs = t.elapsed().as_secs_f64();
        let t2 = Instant::now();
        let ll = (k <= 5).then(|| log_linear(&h, &LogLinearOptions::default()));
        let secs2 = t2.elapsed().as_secs_f64();
        if let Ok(e) = r {
            print!(
                "\ntiming: K = {k}, {} documented of 150000: latent-class {secs:.2} s (estimate {:.0}, {:.0} to {:.0})",
                h.documented(),
                e.estimate,
                e.lower,
                e.upper
            );
        }
        if let Some(Ok(e)) = ll {
            print!(
                "; log-linear {secs2:.2} s (estimate {:.0}, {:.0} to {:.0})",
                e.estimate, e.lower, e.upper
            );
        }
        println!();
    }
}
