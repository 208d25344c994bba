-- A transcript made on this computer records what made it ("whisper ggml-base-q8_0"); a phone
-- system's transcript, or none, leaves it NULL. A recording that could not be transcribed keeps
-- the reason, so it is shown and not tried again and again.
ALTER TABLE calls ADD COLUMN transcript_origin TEXT;
ALTER TABLE calls ADD COLUMN transcription_error TEXT;
