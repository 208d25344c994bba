use std::io::{self, Read};

use super::*;

/// (number, bytes or None when skipped, len, unterminated)
type Seen = (u64, Option<Vec<u8>>, usize, bool);

fn seen(line: &Line<'_>) -> Seen {
    let bytes = (!line.skipped).then(|| line.bytes.to_vec());
    (line.number, bytes, line.len, line.unterminated)
}

fn by_line(input: &[u8], limit: usize, read: usize) -> Vec<Seen> {
    let mut reader = LineReader::with_read_size(input, limit, read);
    let mut out = Vec::new();
    while let Some(line) = reader.next_line().unwrap() {
        out.push(seen(&line));
    }
    assert_eq!(reader.lines_read(), out.len() as u64);
    assert_eq!(reader.bytes_taken(), input.len() as u64);
    out
}

/// (number, bytes or None when skipped): a block read tells no more of a skipped line.
fn by_block(input: &[u8], limit: usize, read: usize) -> Vec<(u64, Option<Vec<u8>>)> {
    let mut reader = LineReader::with_read_size(input, limit, read);
    let mut out = Vec::new();
    loop {
        match reader.next_block().unwrap() {
            None => break,
            Some(Block::Lines { first, bytes }) => {
                out.extend(block_lines(first, bytes).map(|l| (l.number, Some(l.bytes.to_vec()))))
            }
            Some(Block::Long) => out.push((reader.lines_read(), None)),
        }
    }
    assert_eq!(reader.lines_read(), out.len() as u64);
    out
}

fn numbers_and_bytes(lines: &[Seen]) -> Vec<(u64, Option<Vec<u8>>)> {
    lines.iter().map(|l| (l.0, l.1.clone())).collect()
}

fn line(number: u64, bytes: &[u8], unterminated: bool) -> Seen {
    (number, Some(bytes.to_vec()), bytes.len(), unterminated)
}

#[test]
fn lines_drop_bom_and_crlf_and_flag_a_cut_last_line() {
    let input = b"\xEF\xBB\xBFa\r\n\r\nb\nc";
    let want = vec![
        line(1, b"a", false),
        line(2, b"", false),
        line(3, b"b", false),
        line(4, b"c", true),
    ];
    for read in [1, 2, 3, 5, 64] {
        assert_eq!(by_line(input, 100, read), want, "read size {read}");
        assert_eq!(
            by_block(input, 100, read),
            numbers_and_bytes(&want),
            "read {read}"
        );
    }
    assert_eq!(
        by_line(b"a\n", 100, 8).len(),
        1,
        "no line after the last newline"
    );
    assert!(by_line(b"", 100, 8).is_empty());
    assert!(by_block(b"", 100, 8).is_empty());
    assert_eq!(
        by_line(b"\xEF\xBB", 100, 1),
        vec![line(1, b"\xEF\xBB", true)],
        "half a BOM is data"
    );
    assert_eq!(
        by_line(b"x\xEF\xBB\xBF\n", 100, 1),
        vec![line(1, b"x\xEF\xBB\xBF", false)],
        "a BOM is dropped only at the start"
    );
}

#[test]
fn a_line_over_the_limit_is_skipped_with_its_length_and_the_next_is_read() {
    let mut input = b"ok\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 50));
    input.extend(b"\nafter\n");
    input.extend(std::iter::repeat_n(b'y', 30));
    for read in [1, 4, 7] {
        let got = by_line(&input, 10, read);
        assert_eq!(got[0], line(1, b"ok", false));
        assert_eq!(got[1], (2, None, 50, false), "read size {read}");
        assert_eq!(got[2], line(3, b"after", false));
        assert_eq!(got[3], (4, None, 30, true), "a cut-off long last line");
        assert_eq!(got.len(), 4);
        assert_eq!(
            by_block(&input, 10, read),
            numbers_and_bytes(&got),
            "read {read}"
        );
    }
}

/// A cheap deterministic byte stream of short lines, blank lines, CRLFs and long lines.
fn sample(seed: u64, len: usize) -> Vec<u8> {
    let mut z = seed;
    (0..len)
        .map(|_| {
            z = z
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            match (z >> 33) % 23 {
                0..=2 => b'\n',
                3 => b'\r',
                _ => b'a' + ((z >> 40) % 26) as u8,
            }
        })
        .collect()
}

#[test]
fn line_and_block_reads_agree_with_a_plain_split_whatever_the_read_size() {
    for seed in 0..40 {
        let mut input = sample(seed, 2_000);
        if seed % 3 == 0 {
            input.splice(0..0, BOM.iter().copied());
        }
        let plain: Vec<Seen> = {
            let body = input.strip_prefix(BOM).unwrap_or(&input);
            block_lines(1, body).map(|l| seen(&l)).collect()
        };
        for read in [1, 3, 16, 100, 4096] {
            let limit = 10_000;
            assert_eq!(
                by_line(&input, limit, read),
                plain,
                "seed {seed}, read {read}"
            );
            let want = numbers_and_bytes(&plain);
            assert_eq!(
                by_block(&input, limit, read),
                want,
                "seed {seed}, read {read}"
            );
            let small = by_line(&input, 20, read);
            assert_eq!(by_block(&input, 20, read).len(), small.len());
            assert_eq!(small.len(), plain.len(), "skipping keeps the numbering");
            for (got, want) in small.iter().zip(&plain) {
                assert_eq!((got.0, got.2, got.3), (want.0, want.2, want.3));
                if got.1.is_none() {
                    // Its `\r`, if any, counts against the limit.
                    assert!(want.2 >= 20, "only long lines are skipped: {want:?}");
                }
            }
        }
    }
}

/// A source that is interrupted before every read and fails after `fail_after` bytes.
struct Flaky<'a> {
    data: &'a [u8],
    interrupt: bool,
    fail_after: usize,
}

impl Read for Flaky<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::ErrorKind::Interrupted.into());
        }
        if self.fail_after == 0 {
            return Err(io::Error::other("disk went away"));
        }
        let n = buf.len().min(self.data.len()).min(self.fail_after);
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.fail_after -= n;
        Ok(n)
    }
}

#[test]
fn interrupted_reads_are_retried_and_a_failing_source_is_an_error() {
    let data = b"one\ntwo\nthree\n";
    let mut reader = LineReader::with_read_size(
        Flaky {
            data,
            interrupt: false,
            fail_after: usize::MAX,
        },
        100,
        2,
    );
    let mut got = Vec::new();
    while let Some(line) = reader.next_line().unwrap() {
        got.push(line.bytes.to_vec());
    }
    assert_eq!(got, [b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]);

    let mut reader = LineReader::with_read_size(
        Flaky {
            data,
            interrupt: false,
            fail_after: 6,
        },
        100,
        4,
    );
    assert_eq!(reader.next_line().unwrap().unwrap().bytes, b"one");
    let err = reader.next_line().err().expect("the source failed");
    assert_eq!(err.to_string(), "disk went away");
}

#[test]
fn a_big_input_is_read_in_a_buffer_of_a_few_reads() {
    let record = [b'r'; 300];
    let input: Vec<u8> = (0..40_000)
        .flat_map(|_| record.iter().chain(b"\n"))
        .copied()
        .collect();
    let mut reader = LineReader::with_read_size(&input[..], 1 << 20, 64 << 10);
    let mut lines = 0;
    while let Some(line) = reader.next_line().unwrap() {
        assert_eq!(line.bytes, record);
        lines += 1;
    }
    assert_eq!(lines, 40_000);
    assert!(input.len() > 10 << 20);
    assert!(
        reader.buf.len() <= 2 * (64 << 10),
        "{} bytes held for a {}-byte input",
        reader.buf.len(),
        input.len()
    );
}
