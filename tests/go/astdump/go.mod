module gopit.test/astdump

go 1.26
