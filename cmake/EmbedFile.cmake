# Run by the build (cmake -P): writes INPUT's bytes to OUTPUT as a C array initialiser
# ("0x7b,0x0a,…"), 16 bytes a line, followed by a terminating 0x00.
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REPEAT "0x..," 16 line)  # CMake's regular expressions have no {n}
string(REGEX REPLACE "(${line})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT} "${bytes}0x00\n")
