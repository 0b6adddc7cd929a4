module crossos

go 1.26
