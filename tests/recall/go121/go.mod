module gopit.test/recall/go121

go 1.21
