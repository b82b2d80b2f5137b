module gopit.test/go

go 1.22
