//! `scl transcribe`: recorded calls transcribed on this computer.

use std::path::PathBuf;

use scl_app::{paths, CallTranscribed, Leads};

use crate::Failure;

#[allow(clippy::too_many_arguments)]
pub(crate) async fn run(
    leads: &Leads,
    call: Option<String>,
    account: Option<String>,
    pending: bool,
    limit: u32,
    model: Option<PathBuf>,
    threads: u16,
    json: bool,
) -> Result<(), Failure> {
    let model = model.unwrap_or_else(|| paths::models_dir().join("ggml-base-q8_0.bin"));
    let engine = scl_transcribe::Engine::load(&model, threads).map_err(|e| Failure {
        code: 2,
        message: e.to_string(),
    })?;
    let show = |t: &CallTranscribed| {
        if json {
            println!("{}", serde_json::to_string(t).unwrap_or_default());
        } else {
            match &t.error {
                None => println!(
                    "{}: {} lines from {:.0} s of audio in {:.1} s{}",
                    t.call_id,
                    t.segments,
                    t.audio_s,
                    t.took_s,
                    if t.redactions > 0 {
                        format!(", {} redactions", t.redactions)
                    } else {
                        String::new()
                    }
                ),
                Some(e) => println!("{}: not transcribed: {e}", t.call_id),
            }
        }
    };
    let done = match (call, pending) {
        (Some(id), _) => {
            let t = leads
                .transcribe_call(&id, account.as_deref(), &engine)
                .await?;
            show(&t);
            vec![t]
        }
        (None, _) => leads.transcribe_pending(&engine, limit, &show).await?,
    };
    let failed = done.iter().filter(|t| t.error.is_some()).count();
    if failed > 0 {
        return Err(Failure {
            code: 3,
            message: format!(
                "{failed} of {} recordings could not be transcribed",
                done.len()
            ),
        });
    }
    Ok(())
}
