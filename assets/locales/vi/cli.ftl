# The command line (`hangviet import-awards …`): operators read it in Vietnamese.

cli-import-refused = { $file }: { $count } lỗi, không nhập dòng nào:
cli-import-line = dòng { $line }: { $problem }
