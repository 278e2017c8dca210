// Must NOT compile: a Result<T> dropped on the floor (tests/house/check_nodiscard.cmake).
#include "core/result.h"

ts::Result<int> parse(int x);

void caller() { parse(3); }
