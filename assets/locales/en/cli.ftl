# The command line (`hangviet import-awards …`): operators read it in Vietnamese.

cli-import-refused = { $file }: { $count ->
    [one] 1 error
   *[other] { $count } errors
}, no line imported:
cli-import-line = line { $line }: { $problem }
