#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>
#ifdef __linux__
// The reactor that waits on libpq's sockets (Sources/Postgres/SocketReactor.swift).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
#endif
