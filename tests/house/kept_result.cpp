// Must compile: a Result<T> looked at, or dropped on purpose with (void).
#include "core/result.h"

ts::Result<int> parse(int x);

int caller() {
  (void)parse(1);
  auto r = parse(2);
  return r ? *r : 0;
}
