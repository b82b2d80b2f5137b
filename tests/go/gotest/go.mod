module gopit.test/gotest

go 1.22
