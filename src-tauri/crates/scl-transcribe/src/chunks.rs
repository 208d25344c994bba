//! Where to cut a call's audio for Whisper: it reads at most 30 s at a time and, given long or
//! repetitive audio in one go, can loop on a sentence. Pieces end in the quietest moment near
//! their limit, so no word is cut in two, and pieces with no speech are never sent.

/// Whisper's window is 30 s; a little less leaves room for its timestamps.
pub const MAX_PIECE_S: f64 = 28.0;
/// Where in the last seconds before the limit a quiet moment is looked for.
const SEARCH_S: f64 = 8.0;
/// Loudness is judged over frames of this length.
const FRAME_S: f64 = 0.1;
/// A frame quieter than this (RMS, full scale 1.0) is silence: about -46 dBFS, below the line
/// noise of a phone call and above digital silence.
const SILENCE_RMS: f32 = 0.005;

/// The pieces of `samples` (at `rate` Hz) to transcribe, as sample ranges in order. Together
/// they cover every frame with sound; runs of silence between them are left out.
pub fn pieces(samples: &[f32], rate: u32) -> Vec<std::ops::Range<usize>> {
    let frame = ((f64::from(rate) * FRAME_S) as usize).max(1);
    let loud: Vec<f32> = samples.chunks(frame).map(rms).collect();
    let max_frames = (MAX_PIECE_S / FRAME_S) as usize;
    let search_frames = (SEARCH_S / FRAME_S) as usize;
    let mut out = Vec::new();
    let mut start = 0;
    while start < loud.len() {
        // Skip silence before the piece.
        while start < loud.len() && loud[start] < SILENCE_RMS {
            start += 1;
        }
        if start >= loud.len() {
            break;
        }
        let limit = (start + max_frames).min(loud.len());
        let end = if limit == loud.len() {
            limit
        } else {
            // The quietest frame in the last seconds before the limit (the latest one of
            // equal loudness, so pieces stay long).
            let from = limit.saturating_sub(search_frames).max(start + 1);
            (from..limit)
                .rev()
                .min_by(|&a, &b| loud[a].total_cmp(&loud[b]))
                .unwrap_or(limit)
        };
        // Trim trailing silence.
        let mut last = end;
        while last > start && loud[last - 1] < SILENCE_RMS {
            last -= 1;
        }
        out.push(start * frame..(last * frame).min(samples.len()));
        start = end.max(start + 1);
    }
    out
}

fn rms(frame: &[f32]) -> f32 {
    if frame.is_empty() {
        return 0.0;
    }
    (frame.iter().map(|x| x * x).sum::<f32>() / frame.len() as f32).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 16_000;

    fn tone(seconds: f64) -> Vec<f32> {
        let n = (seconds * f64::from(RATE)) as usize;
        (0..n).map(|i| 0.3 * (i as f32 * 0.05).sin()).collect()
    }

    fn silence(seconds: f64) -> Vec<f32> {
        vec![0.0; (seconds * f64::from(RATE)) as usize]
    }

    fn seconds(r: &std::ops::Range<usize>) -> (f64, f64) {
        let s = f64::from(RATE);
        (r.start as f64 / s, r.end as f64 / s)
    }

    #[test]
    fn silence_alone_gives_nothing_to_transcribe() {
        assert!(pieces(&silence(60.0), RATE).is_empty());
        assert!(pieces(&[], RATE).is_empty());
    }

    #[test]
    fn speech_between_silences_is_one_piece_without_the_silence() {
        let audio = [silence(2.0), tone(5.0), silence(3.0)].concat();
        let p = pieces(&audio, RATE);
        assert_eq!(p.len(), 1);
        let (a, b) = seconds(&p[0]);
        assert!((a - 2.0).abs() < 0.11 && (b - 7.0).abs() < 0.11, "{a}-{b}");
    }

    #[test]
    fn long_speech_is_cut_at_a_pause_before_the_limit() {
        // 20 s of talk, a 0.5 s pause, 20 s more: the cut falls in the pause.
        let audio = [tone(20.0), silence(0.5), tone(20.0)].concat();
        let p = pieces(&audio, RATE);
        assert_eq!(p.len(), 2, "{p:?}");
        let (_, first_end) = seconds(&p[0]);
        let (second_start, _) = seconds(&p[1]);
        assert!((first_end - 20.0).abs() < 0.2, "{first_end}");
        assert!((second_start - 20.5).abs() < 0.2, "{second_start}");
    }

    #[test]
    fn no_piece_is_longer_than_whisper_reads_even_without_a_pause() {
        let audio = tone(100.0);
        let p = pieces(&audio, RATE);
        assert!(p.len() >= 4);
        for r in &p {
            let (a, b) = seconds(r);
            assert!(b - a <= MAX_PIECE_S + 1e-9, "{a}-{b}");
        }
        assert_eq!(p.first().unwrap().start, 0);
        assert_eq!(
            p.last().unwrap().end,
            audio.len(),
            "the whole call is covered"
        );
        for w in p.windows(2) {
            assert_eq!(w[0].end, w[1].start, "no sound left out");
        }
    }
}
