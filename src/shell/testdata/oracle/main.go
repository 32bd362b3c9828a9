// Oracle harness: runs BuildKit's own shell lexer on JSON requests (one per stdin line) and prints one JSON
// result per line. It is built next to a copy of BuildKit's lex.go by build-oracle.sh; see README.md.
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"text/scanner"
)

type request struct {
	Word              string            `json:"word"`
	Env               map[string]string `json:"env"`
	Escape            string            `json:"escapeToken"`
	SkipUnsetEnv      bool              `json:"skipUnsetEnv"`
	SkipProcessQuotes bool              `json:"skipProcessQuotes"`
	RawQuotes         bool              `json:"rawQuotes"`
	RawEscapes        bool              `json:"rawEscapes"`
	Windows           bool              `json:"windows"`
}

type response struct {
	Value     *string  `json:"value"`
	Words     []string `json:"words"`
	Matched   []string `json:"matched"`
	Unmatched []string `json:"unmatched"`
	Error     *string  `json:"error"`
}

type mapEnv struct {
	env     map[string]string
	windows bool
}

func (m mapEnv) Get(k string) (string, bool) {
	if m.windows {
		for key, v := range m.env {
			if strings.EqualFold(key, k) {
				return v, true
			}
		}
		return "", false
	}
	v, ok := m.env[k]
	return v, ok
}

func (m mapEnv) Keys() []string { return nil }

func sorted(m map[string]struct{}) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var r request
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			panic(err)
		}
		esc := '\\'
		if r.Escape == "`" {
			esc = '`'
		}
		lex := NewLex(esc)
		lex.SkipUnsetEnv = r.SkipUnsetEnv
		lex.SkipProcessQuotes = r.SkipProcessQuotes
		lex.RawQuotes = r.RawQuotes
		lex.RawEscapes = r.RawEscapes
		// Same steps as Lex.process, minus the "failed to process %q" wrapping of errors.
		sw := lex.initWord(r.Word, mapEnv{env: r.Env, windows: r.Windows}, true)
		value, words, err := sw.processStopOn(scanner.EOF, sw.rawEscapes)
		var res response
		if err != nil {
			msg := err.Error()
			res.Error = &msg
		} else {
			res.Value = &value
			res.Words = words
			if res.Words == nil {
				res.Words = []string{}
			}
		}
		res.Matched = sorted(sw.matches)
		res.Unmatched = sorted(sw.nonmatches)
		if err := enc.Encode(res); err != nil {
			panic(err)
		}
	}
}
