#!/usr/bin/env bash
# Makes the demo call recordings (8 kHz mu-law WAV, like a phone system's) and their
# timestamped transcripts (TSV: start_s, end_s, speaker, text) from the scripts below.
# Needs espeak-ng and sox. Output is committed; run again only to change the scripts.
set -euo pipefail
cd "$(dirname "$0")/recordings"
voice() { case "$1" in agent) echo "en-us+f3";; customer) echo "en-us+m3";; esac; }
make_one() {
  local name=$1; shift
  local tmp; tmp=$(mktemp -d)
  local t=0 i=0 parts=()
  : > "$name.tsv"
  sox -n -r 8000 -c 1 "$tmp/gap.wav" trim 0 0.45
  while IFS='|' read -r speaker text; do
    [ -n "$speaker" ] || continue
    espeak-ng -v "$(voice "$speaker")" -s 165 -w "$tmp/raw$i.wav" "$text"
    sox "$tmp/raw$i.wav" -r 8000 -c 1 "$tmp/p$i.wav"
    local d; d=$(soxi -D "$tmp/p$i.wav")
    local end; end=$(echo "$t + $d" | bc -l)
    printf '%.2f\t%.2f\t%s\t%s\n' "$t" "$end" "$speaker" "$text" >> "$name.tsv"
    t=$(echo "$end + 0.45" | bc -l)
    parts+=("$tmp/p$i.wav" "$tmp/gap.wav")
    i=$((i + 1))
  done
  sox "${parts[@]}" -r 8000 -c 1 -e mu-law -b 8 "$name.wav"
  rm -rf "$tmp"
}
make_one furnace-no-heat <<'S'
agent|Thanks for calling Summit Heating and Air, this is Dana. How can I help?
customer|Hi. My furnace stopped working last night and the house is at fifty eight degrees.
agent|I'm sorry to hear that. We can send a technician tomorrow afternoon. The diagnostic fee is eighty nine dollars.
customer|Eighty nine just to look at it? That seems like a lot. Is there anything sooner?
agent|Tomorrow afternoon is the first opening, but I can put you on the cancellation list.
customer|Let me think about it and call you back. I have a little one at home, so I need it fixed soon.
agent|Of course. Stay warm, and call us any time.
S
make_one water-heater-leak <<'S'
agent|Blue Ridge Plumbing, this is Marcus speaking.
customer|Hi, my water heater is leaking into the garage. Can someone come out today?
agent|Is the leak coming from the tank or from a pipe on top?
customer|I think it's the bottom of the tank. It's about twelve years old.
agent|That usually means a replacement. A new fifty gallon unit starts around fourteen hundred dollars installed.
customer|Okay, I want a quote first. I'm getting a couple of prices.
agent|I understand. Our first opening for an estimate is Thursday.
customer|Thursday is too late with water on the floor. I'll keep looking.
S
make_one panel-upgrade <<'S'
agent|Brightline Electric, how can I help you today?
customer|We're adding an electric vehicle charger and I was told we need a panel upgrade.
agent|We do those every week. Do you know the size of your current panel?
customer|It says one hundred amps. What would an upgrade to two hundred cost?
agent|Typically between two and three thousand, depending on the service line. We can book a free estimate.
customer|I need to talk to my wife first. Can you call me back on Friday?
agent|Absolutely. I'll make a note to follow up on Friday.
S
ls -la
