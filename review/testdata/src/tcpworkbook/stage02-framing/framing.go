// Package framing stands for stage 02's starter: its path gives the stage,
// and with it the TODO numbers in messages.
package framing

import "bufio"

// readLine is the starter's stub, under the comment of its open TODO: the
// checks send the student here, so the review holds its finding back.
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	// TODO(3): at io.EOF, line may still hold a last line that had no
	// "\n". Return that line with a nil error.
	if err != nil {
		return nil, err
	}
	return line, nil
}

// readLineDone is the same code once the TODO comment is gone.
func readLineDone(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err != nil { // want `^error-before-data: .* \(TODO\(3\)\)$`
		return nil, err
	}
	return line, nil
}

// readLineOtherTodo holds TODO(3) and TODO(4), as the starter's readLine
// does, and sits under TODO(4)'s comment: reported, and named by the
// TODO of the pitfall, which the function holds too.
func readLineOtherTodo(r *bufio.Reader) ([]byte, error) {
	// TODO(3): at io.EOF, line may still hold a last line.
	line, err := r.ReadSlice('\n')
	// TODO(4): a line longer than the limit is ErrLineTooLong.
	if err != nil { // want `\(TODO\(3\)\)$`
		return nil, err
	}
	return line, nil
}

// countLines holds TODO(5) only: a finding in it is TODO(5)'s code,
// whatever TODO teaches the pitfall.
func countLines(r *bufio.Reader) (int, error) {
	// TODO(5): call readLine until it fails, counting the lines.
	n := 0
	for {
		_, err := r.ReadSlice('\n')
		if err != nil { // want `^error-before-data: .* \(TODO\(5\)\)$`
			return n, err
		}
		n++
	}
}

// helper holds no TODO: the pitfall's own is named.
func helper(r *bufio.Reader) error {
	_, err := r.ReadSlice('\n')
	if err != nil { // want `^error-before-data: .* \(TODO\(3\)\)$`
		return err
	}
	return nil
}
