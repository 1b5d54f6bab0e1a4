/*
 * lines: reads a file line by line through pread, from its start,
 * whatever the descriptor's offset or O_APPEND (the audit checkpoints
 * file is appended to by the chainer while it is read). A last line
 * without its newline is still being written: it counts as the end.
 */
#ifndef CB_LINES_H
#define CB_LINES_H

#include <sys/types.h>

#include <stddef.h>

#define CB_LINES_BUF	8192

struct cb_lines {
	int	fd;
	off_t	off;		/* file offset of buf[0] */
	size_t	len;		/* bytes in buf */
	size_t	pos;		/* next unread byte in buf */
	char	buf[CB_LINES_BUF];
};

void	cb_lines_init(struct cb_lines *, int fd);
/* 1 and the line (without its newline, not NUL-terminated, valid until
 * the next call) in *line, *len; 0 at the end; -1 on a read error or a
 * line longer than the buffer. */
int	cb_lines_next(struct cb_lines *, const char **line, size_t *len);

#endif
