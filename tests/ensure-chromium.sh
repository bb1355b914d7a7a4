#!/bin/sh
# Before `make test`: the browser tests drive Debian's Chromium, never a browser a tool downloads.
# Installs it with apt-get when it is missing and this user may (root, or sudo without a password);
# otherwise stops with one line saying the command to run.  CHROMIUM overrides the path.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    as_root="sudo -n"
else
    echo "make test 需要 Debian 的 Chromium（浏览器测试用），当前未安装：请先运行 sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "make test 需要 Chromium（$CHROMIUM），本机没有 apt-get：请用本系统的包管理器安装 chromium" >&2
    exit 1
fi
echo "==> 安装 Debian 的 chromium（浏览器测试用）"
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -q >/dev/null && $as_root apt-get install -y -q chromium >/dev/null || {
    echo "chromium 安装失败：请手动运行 sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
}
[ -x "$CHROMIUM" ] || { echo "安装后仍未找到 $CHROMIUM" >&2; exit 1; }
