//! The demo recordings we made (see `assets/make-recordings.sh`) and their transcripts.

use scl_domain::{Speaker, TranscriptSegment};

pub struct Recording {
    pub file_name: &'static str,
    pub wav: &'static [u8],
    transcript_tsv: &'static str,
    /// Index into `names::ISSUES` trades and the issue text the call is about.
    pub trade: usize,
    pub issue: &'static str,
    pub reason: &'static str,
}

pub const RECORDINGS: [Recording; 3] = [
    Recording {
        file_name: "furnace-no-heat.wav",
        wav: include_bytes!("../assets/recordings/furnace-no-heat.wav"),
        transcript_tsv: include_str!("../assets/recordings/furnace-no-heat.tsv"),
        trade: 0,
        issue: "no heat from the furnace",
        reason: "Price too high",
    },
    Recording {
        file_name: "water-heater-leak.wav",
        wav: include_bytes!("../assets/recordings/water-heater-leak.wav"),
        transcript_tsv: include_str!("../assets/recordings/water-heater-leak.tsv"),
        trade: 1,
        issue: "a leaking water heater",
        reason: "Shopping around",
    },
    Recording {
        file_name: "panel-upgrade.wav",
        wav: include_bytes!("../assets/recordings/panel-upgrade.wav"),
        transcript_tsv: include_str!("../assets/recordings/panel-upgrade.tsv"),
        trade: 2,
        issue: "a panel upgrade for an EV charger",
        reason: "Needs to check with spouse",
    },
];

impl Recording {
    /// Parses the shipped TSV (start, end, speaker, text). The files are ours and checked by a
    /// test, so a malformed line is skipped rather than failing the whole demo.
    pub fn transcript(&self) -> Vec<TranscriptSegment> {
        self.transcript_tsv
            .lines()
            .filter_map(|line| {
                let mut cols = line.splitn(4, '\t');
                let start_s = cols.next()?.parse().ok()?;
                let end_s = cols.next()?.parse().ok()?;
                let speaker = Speaker::from_code(cols.next()?)?;
                let text = cols.next()?.to_string();
                Some(TranscriptSegment {
                    start_s,
                    end_s,
                    speaker,
                    text,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_transcripts_parse_fully_and_are_ordered() {
        for r in &RECORDINGS {
            let lines = r.transcript_tsv.lines().count();
            let segs = r.transcript();
            assert_eq!(segs.len(), lines, "{}: every line parses", r.file_name);
            assert!(
                segs.windows(2).all(|w| w[0].end_s <= w[1].start_s),
                "{}",
                r.file_name
            );
            assert!(r.wav.starts_with(b"RIFF"), "{} is a WAV file", r.file_name);
        }
    }
}
