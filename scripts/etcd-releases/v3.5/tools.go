//go:build tools

// Package tools names the three commands this module builds, so that go.mod and
// go.sum keep every module they need.
package tools

import (
	_ "go.etcd.io/etcd/etcdctl/v3"
	_ "go.etcd.io/etcd/etcdutl/v3"
	_ "go.etcd.io/etcd/server/v3"
)
