module example.com/userrules

go 1.22
