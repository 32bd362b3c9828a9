#!/bin/sh
# Builds the BuildKit lexer oracle: ./build-oracle.sh <buildkit checkout or bare git dir> <output binary> [commit]
# Needs Go >= 1.19 and no network: BuildKit's lex.go is copied from the checkout, its two imports that are not in
# Go 1.19's standard library (github.com/pkg/errors, slices) are replaced by equivalents.
set -eu
repo=$1
out=$2
commit=${3:-HEAD}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$repo" show "$commit:frontend/dockerfile/shell/lex.go" >"$work/lex.go"
git -C "$repo" show "$commit:frontend/dockerfile/shell/equal_env_unix.go" >"$work/equal_env_unix.go"
cp "$here/main.go" "$work/main.go"
sed -i -e 's/^package shell/package main/' \
  -e 's#"github.com/pkg/errors"#errors "oracle/pkgerrors"#' \
  -e 's#^\t"slices"$##' \
  -e 's#slices.Reverse(out)#for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 { out[i], out[j] = out[j], out[i] }#' \
  "$work/lex.go"
sed -i -e 's/^package shell/package main/' -e 's#^//go:build.*##' "$work/equal_env_unix.go"
mkdir -p "$work/pkgerrors"
cat >"$work/pkgerrors/errors.go" <<'GO'
package pkgerrors

import "fmt"

func New(s string) error                      { return fmt.Errorf("%s", s) }
func Errorf(f string, a ...interface{}) error { return fmt.Errorf(f, a...) }
func Wrapf(e error, f string, a ...interface{}) error {
	return fmt.Errorf(f+": %w", append(a, e)...)
}
GO
printf 'module oracle\n\ngo 1.19\n' >"$work/go.mod"
(cd "$work" && GOFLAGS=-mod=mod GOPROXY=off go build -o oracle .)
cp "$work/oracle" "$out"
