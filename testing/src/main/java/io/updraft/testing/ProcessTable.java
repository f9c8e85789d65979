package io.updraft.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Linux's process table, read from {@code /proc}: which processes live, and which belong to a
 * process group. A zombie (dead, not yet reaped by its new parent) counts as dead.
 */
public final class ProcessTable {
  private ProcessTable() {}

  /** Whether {@code pid} is a process that still runs. */
  public static boolean isAlive(long pid) {
    String[] stat = stat(Path.of("/proc", Long.toString(pid), "stat"));
    return stat != null && !stat[0].equals("Z");
  }

  /** The living processes of process group {@code pgid}, as {@code pid command} lines. */
  public static List<String> liveMembersOfGroup(long pgid) {
    List<String> members = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path dir : entries.toList()) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] stat = stat(dir.resolve("stat"));
        // After the command's closing parenthesis: state, ppid, pgrp, ...
        if (stat != null && !stat[0].equals("Z") && Long.parseLong(stat[2]) == pgid) {
          members.add(name + " " + command(dir));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read /proc", e);
    }
    return members;
  }

  /** The fields of {@code /proc/PID/stat} after the command name; null when the process is gone. */
  private static String[] stat(Path file) {
    try {
      String line = Files.readString(file);
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException e) {
      // The process is gone, perhaps between listing and reading.
      return null;
    }
  }

  private static String command(Path dir) {
    try {
      return Files.readString(dir.resolve("cmdline")).replace('\0', ' ').strip();
    } catch (IOException e) {
      return "?";
    }
  }
}
