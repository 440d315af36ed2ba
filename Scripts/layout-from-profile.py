#!/usr/bin/env python3
"""Writes the linker script that places the code a run executes in one block (.text.hot).

    layout-from-profile.py --map LINK.map --binary PROFILED_BINARY [--also TEXT]... PROFILE... > oasgen-layout.ld

PROFILE files are callgrind outputs recorded with --dump-instr=yes --compress-pos=no
--compress-strings=no, of runs of PROFILED_BINARY; LINK.map is lld's -Map of that binary. Every
input section that holds an executed instruction is named in the script by its object file and
section name, so a section is placed even when its function has no symbol, or shares its name
with functions of other objects (which a symbol ordering file cannot tell apart). The kernel maps
the 64 KB around every page of code a run touches, so code that runs together should sit
together. Used by Scripts/record-layout.sh; the result is read by Scripts/build-release.sh.
"""
import argparse
import bisect
import re
import sys

# lld map rows: VMA LMA Size Align, then the output section (1 space), an input section
# (9 spaces) or a symbol (17 spaces).
ROW = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+( +)(\S.*)$")
ARCHIVE_MEMBER = re.compile(r"^(?:.*/)?([^/()]+\.a)\(([^()]+)\):\((.+)\)$")
OBJECT_FILE = re.compile(r"^(.*):\((.+)\)$")
# Sections of an unsplittable object bigger than this go after the small ones, so that the
# functions of one module stay together.
BIG_SECTION = 16 * 1024


def input_text_sections(map_path):
    """(address, size, description) of every input section of an executable output section."""
    sections, in_text = [], False
    with open(map_path) as rows:
        for row in rows:
            match = ROW.match(row)
            if not match:
                continue
            address, size, indent, name = int(match[1], 16), int(match[2], 16), len(match[3]), match[4]
            if indent == 1:
                in_text = name == ".text" or name.startswith(".text.")
            elif in_text and indent == 9 and size > 0:
                sections.append((address, size, name))
    sections.sort()
    return sections


def executed_addresses(profile_paths, binary):
    """Addresses of the instructions of `binary` that the profiles saw execute."""
    addresses = set()
    for path in profile_paths:
        in_binary, after_call = False, False
        with open(path) as lines:
            for line in lines:
                if line.startswith("ob="):
                    in_binary = line[3:].strip() == binary
                elif line.startswith("calls="):
                    after_call = True  # the next row is the call's inclusive cost, at the call site
                elif line.startswith("0x"):
                    if after_call:
                        after_call = False
                    elif in_binary:
                        addresses.add(int(line.split(None, 1)[0], 16))
    return addresses


def pattern(description):
    """The script's input section description: `*/Module.build/File.swift.o(".text.name")`."""
    member = ARCHIVE_MEMBER.match(description)
    if member:
        return '*%s:%s("%s")' % (member[1], member[2], member[3])
    path, section = OBJECT_FILE.match(description).groups()
    return '*/%s("%s")' % ("/".join(path.split("/")[-2:]), section)


# The instruction sets in the names of the C library's variants: `memmove-avx-unaligned-erms.o`.
INSTRUCTION_SETS = {"sse2", "ssse3", "sse4", "sse4_1", "sse4_2", "avx", "avx2", "avx512", "evex", "evex512", "rtm", "erms"}


def libc_variant_family(description):
    """`memmove` for `libc.a(memmove-avx-unaligned-erms.o)`, else None.

    The C library picks one variant of its string functions for the CPU at start-up, and
    valgrind's CPU is not the host's, so every variant of an executed function is placed.
    """
    member = ARCHIVE_MEMBER.match(description)
    if not member or member[1] != "libc.a":
        return None
    words = member[2].removesuffix(".o").split("-")
    return words[0] if INSTRUCTION_SETS & set(words[1:]) else None


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--map", required=True)
    arguments.add_argument("--binary", required=True)
    arguments.add_argument(
        "--also", action="append", default=[], metavar="TEXT",
        help="also place every input section whose map entry contains TEXT")
    arguments.add_argument("profiles", nargs="+")
    options = arguments.parse_args()

    sections = input_text_sections(options.map)
    starts = [address for address, _, _ in sections]
    # How many of the runs executed each section.
    runs = {}
    for profile in options.profiles:
        executed = set()
        for address in executed_addresses([profile], options.binary):
            index = bisect.bisect_right(starts, address) - 1
            if index >= 0 and address < starts[index] + sections[index][1]:
                executed.add(index)
        for index in executed:
            runs[index] = runs.get(index, 0) + 1
    hot = set(runs)
    families = {libc_variant_family(sections[index][2]) for index in hot} - {None}
    for index, (_, _, description) in enumerate(sections):
        if libc_variant_family(description) in families or any(text in description for text in options.also):
            hot.add(index)

    # Code that every run executes first, then code fewer runs execute: a run touches the
    # pages of the first part densely, and of the rest only what it needs (the kernel maps
    # 64 KB around each page touched). Within that, in link order (module by module), small
    # sections before big ones.
    everyone = len(options.profiles)
    chosen = sorted(hot, key=lambda index: (-min(runs.get(index, everyone), everyone), sections[index][1] > BIG_SECTION, index))
    size = sum(sections[index][1] for index in chosen)
    out = sys.stdout
    out.write("/* Recorded by Scripts/record-layout.sh: the code that generation executes, %d sections,\n" % len(chosen))
    out.write("   %d KB, placed before the rest. Unmatched entries are ignored. */\n" % (size // 1024))
    out.write("SECTIONS {\n  .text.hot : {\n")
    for index in chosen:
        out.write("    %s\n" % pattern(sections[index][2]))
    out.write("  }\n} INSERT BEFORE .text;\n")
    print("layout-from-profile: %d sections, %d KB" % (len(chosen), size // 1024), file=sys.stderr)


if __name__ == "__main__":
    main()
