/** SSH and SFTP: hooks over Apache MINA SSHD, an SSH operator and an SFTP sensor. */
package io.updraft.hooks.ssh;
