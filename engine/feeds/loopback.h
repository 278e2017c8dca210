// Loopback helpers for starting a local mosquitto (the feed benchmark, the tests): a free
// TCP port, whether a port accepts connections, where the broker's binary is.
#pragma once
#include <string>

namespace ts::feeds {

// A TCP port on 127.0.0.1 that nothing listens on now (0 if none could be found).
int freeLoopbackPort();
// Whether 127.0.0.1:port accepts a connection.
bool loopbackAccepts(int port);
// The mosquitto broker: $TWINSCAPE_MOSQUITTO, else Debian's /usr/sbin/mosquitto (or the PATH).
std::string mosquittoBinary();

}  // namespace ts::feeds
