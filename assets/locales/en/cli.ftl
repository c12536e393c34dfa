# The command line (`hangviet import-awards …`): operators read it in Vietnamese.

cli-import-refused = { $file }: { $count ->
    [one] 1 error
   *[other] { $count } errors
}, no line imported:
cli-import-line = line { $line }: { $problem }

# `hangviet vote count DIR`: anyone counts a vote again from its published files.
cli-vote-rules = Vote of { $year }, rules with SHA-256 checksum { $checksum }
cli-vote-turnout = { $counted } ballots counted, { $superseded } superseded, { $invalidated } invalidated, { $unconfirmed } unconfirmed; { $accepted } paper batches accepted ({ $sheets } sheets), { $blocked } blocked; { $marks } vote marks in all.
cli-vote-group = Group { $group }:
cli-vote-placed = rank { $rank }: nomination { $number }, { $online } online votes, { $paper } paper votes, score { $score } (jury { $jury }), { $tier }
cli-vote-tier = Top { $tier }
cli-vote-matches = The recount gives the published results.csv exactly.
cli-vote-differs = The recount DIFFERS from the published results.csv.
cli-vote-published = The published files of the vote of { $year } are in { $dir }; count them again with: hangviet vote count { $dir }
cli-vote-detected = Fraud detection ran over { $ballots } ballots: { $flagged } flagged (only an official invalidates).
cli-vote-sim-farm = Farm ballots flagged: { $flagged }/{ $farm } ({ $share }%).
cli-vote-sim-honest = Honest ballots wrongly flagged: { $flagged }/{ $honest } ({ $share }%).
cli-vote-sim-rule = rule { $rule }: { $farm } farm ballots, { $honest } honest ballots
cli-vote-sim-target = The farm's product: { $before } votes (rank { $rank_before }) counting every ballot, { $after } votes (rank { $rank_after }) with the flagged ballots invalidated. { $refused } ballots refused by the mail limit. Took { $seconds } seconds.
cli-vote-demo-opened = Opened a demonstration vote for { $year } with { $count } nominations; the ballot is at /binh-chon.
