//! Writing WAV files the way phone systems do, streamed: long recordings for tests, benchmarks
//! and demo data are generated at run time instead of being committed.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use crate::sniff::WavEncoding;
use crate::waveform::to_i16;

/// Writes samples (interleaved when more than one channel) as they come; [`WavWriter::finish`]
/// fills in the sizes.
pub struct WavWriter {
    out: BufWriter<File>,
    encoding: WavEncoding,
    data_len: u64,
}

impl WavWriter {
    pub fn create(
        path: &Path,
        encoding: WavEncoding,
        sample_rate: u32,
        channels: u16,
    ) -> io::Result<WavWriter> {
        let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
        let (code, bytes): (u16, u16) = match encoding {
            WavEncoding::Pcm8 => (1, 1),
            WavEncoding::Pcm16 => (1, 2),
            WavEncoding::ALaw => (6, 1),
            WavEncoding::MuLaw => (7, 1),
        };
        let block = channels * bytes;
        out.write_all(b"RIFF\0\0\0\0WAVEfmt ")?;
        out.write_all(&16u32.to_le_bytes())?;
        out.write_all(&code.to_le_bytes())?;
        out.write_all(&channels.to_le_bytes())?;
        out.write_all(&sample_rate.to_le_bytes())?;
        out.write_all(&(sample_rate * u32::from(block)).to_le_bytes())?;
        out.write_all(&block.to_le_bytes())?;
        out.write_all(&(bytes * 8).to_le_bytes())?;
        out.write_all(b"data\0\0\0\0")?;
        Ok(WavWriter {
            out,
            encoding,
            data_len: 0,
        })
    }

    pub fn write(&mut self, samples: &[f32]) -> io::Result<()> {
        for &sample in samples {
            let linear = to_i16(sample);
            match self.encoding {
                WavEncoding::Pcm16 => {
                    self.out.write_all(&linear.to_le_bytes())?;
                    self.data_len += 2;
                    continue;
                }
                WavEncoding::Pcm8 => self.out.write_all(&[((linear >> 8) + 128) as u8])?,
                WavEncoding::MuLaw => self.out.write_all(&[encode_mu_law(linear)])?,
                WavEncoding::ALaw => self.out.write_all(&[encode_a_law(linear)])?,
            }
            self.data_len += 1;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        let pad = self.data_len & 1;
        if pad == 1 {
            self.out.write_all(&[0])?;
        }
        let data = u32::try_from(self.data_len)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "WAV data over 4 GiB"))?;
        let riff = 36 + data + pad as u32;
        self.out.seek(SeekFrom::Start(4))?;
        self.out.write_all(&riff.to_le_bytes())?;
        self.out.seek(SeekFrom::Start(40))?;
        self.out.write_all(&data.to_le_bytes())?;
        self.out.flush()
    }
}

/// Writes a whole recording at once.
pub fn write_wav(
    path: &Path,
    encoding: WavEncoding,
    sample_rate: u32,
    channels: u16,
    samples: &[f32],
) -> io::Result<()> {
    let mut writer = WavWriter::create(path, encoding, sample_rate, channels)?;
    writer.write(samples)?;
    writer.finish()
}

/// 16-bit linear to G.711 mu-law.
pub(crate) fn encode_mu_law(sample: i16) -> u8 {
    const BIAS: i32 = 0x84;
    const CLIP: i32 = 32635;
    let mut s = i32::from(sample);
    let sign = if s < 0 {
        s = -s;
        0x80
    } else {
        0
    };
    s = s.min(CLIP) + BIAS;
    let exponent = 31 - ((s >> 7) | 1).leading_zeros() as i32;
    let mantissa = (s >> (exponent + 3)) & 0x0f;
    !(sign | (exponent << 4) | mantissa) as u8
}

/// 16-bit linear to G.711 A-law.
pub(crate) fn encode_a_law(sample: i16) -> u8 {
    let mut s = i32::from(sample) >> 3;
    let mask = if s >= 0 {
        0xd5
    } else {
        s = -s - 1;
        0x55
    };
    let segment = (0..8).find(|&seg| s < (0x20 << seg)).unwrap_or(8);
    if segment >= 8 {
        return (0x7f ^ mask) as u8;
    }
    let mantissa = if segment < 2 {
        (s >> 1) & 0x0f
    } else {
        (s >> segment) & 0x0f
    };
    (((segment << 4) | mantissa) ^ mask) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wav_read::{a_law, mu_law};

    /// Encoding then decoding lands on the nearest G.711 step, for every 16-bit value.
    #[test]
    fn g711_round_trips_within_one_step() {
        for x in (i16::MIN..=i16::MAX).step_by(7) {
            let step = |v: i16| -> i32 { (i32::from(v).abs() / 16).max(32) };
            let mu = mu_law(encode_mu_law(x));
            assert!(
                (i32::from(mu) - i32::from(x)).abs() <= step(x),
                "mu-law {x} -> {mu}"
            );
            let a = a_law(encode_a_law(x));
            assert!(
                (i32::from(a) - i32::from(x)).abs() <= step(x),
                "A-law {x} -> {a}"
            );
        }
        // Every code decodes to a value that encodes back to the same code.
        for code in 0..=255u8 {
            assert_eq!(encode_a_law(a_law(code)), code, "A-law {code:#04x}");
            let back = encode_mu_law(mu_law(code));
            // mu-law has two codes for zero (0x7f and 0xff).
            assert!(
                back == code || mu_law(back) == mu_law(code),
                "mu-law {code:#04x}"
            );
        }
    }
}
