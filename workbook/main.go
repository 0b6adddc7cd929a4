// Command workbook is a placeholder until the progress command is written.
package main

func main() {}
