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
