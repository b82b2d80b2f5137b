module gopit.test/rt007

go 1.21
