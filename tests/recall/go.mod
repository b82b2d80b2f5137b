module gopit.test/recall

go 1.22
