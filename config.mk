# cs build configuration: paths and flags.  Override on the command line,
# e.g. make PREFIX=/usr DESTDIR=/tmp/pkg install.
VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/cs

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
PKG_CONFIG ?= pkg-config

# Libraries, all resolved through pkg-config.
PKGS = libbsd-overlay libcjson libcurl sqlite3 libutf8proc libcrypto

CS_WARN = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wvla -Wwrite-strings -Wformat=2 -Wno-format-nonliteral \
	-Werror
CS_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(CS_WARN)
