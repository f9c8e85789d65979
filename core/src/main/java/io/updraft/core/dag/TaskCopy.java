package io.updraft.core.dag;

import io.updraft.core.deadline.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A mutable copy of a {@link Task}, so each of its {@code with}-style methods stays one line: set
 * what changes, then {@link #build()}.
 */
final class TaskCopy {
  String id;
  private Operator operator;
  private Set<String> upstream;
  private Integer retries;
  private Duration retryDelay;
  private String queue;
  private String pool;
  private int priorityWeight;
  private TriggerRule triggerRule;
  private WeightRule weightRule;
  private boolean exponentialBackoff;
  private Duration maxRetryDelay;
  private double retryJitter;
  private Duration executionTimeout;
  private TaskMapping mapping;
  private Integer maxActiveTisPerDag;
  private TaskRole role;
  private String doc;
  String group;
  private Deadline deadline;
  private PastDependency pastDependency;
  private List<Asset> outlets;
  private TaskCallbacks callbacks;

  TaskCopy(Task t) {
    this.id = t.id();
    this.operator = t.operator();
    this.upstream = t.upstream();
    this.retries = t.retries();
    this.retryDelay = t.retryDelay();
    this.queue = t.queue();
    this.pool = t.pool();
    this.priorityWeight = t.priorityWeight();
    this.triggerRule = t.triggerRule();
    this.weightRule = t.weightRule();
    this.exponentialBackoff = t.exponentialBackoff();
    this.maxRetryDelay = t.maxRetryDelay();
    this.retryJitter = t.retryJitter();
    this.executionTimeout = t.executionTimeout();
    this.mapping = t.mapping();
    this.maxActiveTisPerDag = t.maxActiveTisPerDag();
    this.role = t.role();
    this.doc = t.doc();
    this.group = t.group();
    this.deadline = t.deadline();
    this.pastDependency = t.pastDependency();
    this.outlets = t.outlets();
    this.callbacks = t.callbacks();
  }

  TaskCopy callbacks(TaskCallbacks v) {
    callbacks = v;
    return this;
  }

  TaskCopy outlets(List<Asset> v) {
    outlets = v;
    return this;
  }

  TaskCopy pastDependency(PastDependency v) {
    pastDependency = v;
    return this;
  }

  TaskCopy deadline(Deadline v) {
    deadline = v;
    return this;
  }

  TaskCopy role(TaskRole v) {
    role = v;
    return this;
  }

  TaskCopy doc(String v) {
    doc = v;
    return this;
  }

  TaskCopy maxActiveTisPerDag(int v) {
    maxActiveTisPerDag = v;
    return this;
  }

  TaskCopy mapping(TaskMapping v) {
    mapping = v;
    return this;
  }

  TaskCopy operator(Operator v) {
    operator = v;
    return this;
  }

  TaskCopy upstream(Set<String> v) {
    upstream = v;
    return this;
  }

  TaskCopy retries(int v) {
    retries = v;
    return this;
  }

  TaskCopy retryDelay(Duration v) {
    retryDelay = v;
    return this;
  }

  TaskCopy queue(String v) {
    queue = v;
    return this;
  }

  TaskCopy pool(String v) {
    pool = v;
    return this;
  }

  TaskCopy priorityWeight(int v) {
    priorityWeight = v;
    return this;
  }

  TaskCopy triggerRule(TriggerRule v) {
    triggerRule = v;
    return this;
  }

  TaskCopy weightRule(WeightRule v) {
    weightRule = v;
    return this;
  }

  TaskCopy exponentialBackoff(boolean v) {
    exponentialBackoff = v;
    return this;
  }

  TaskCopy maxRetryDelay(Duration v) {
    maxRetryDelay = v;
    return this;
  }

  TaskCopy retryJitter(double v) {
    retryJitter = v;
    return this;
  }

  TaskCopy executionTimeout(Duration v) {
    executionTimeout = v;
    return this;
  }

  Task build() {
    return new Task(
        id,
        operator,
        upstream,
        retries,
        retryDelay,
        queue,
        pool,
        priorityWeight,
        triggerRule,
        weightRule,
        exponentialBackoff,
        maxRetryDelay,
        retryJitter,
        executionTimeout,
        mapping,
        maxActiveTisPerDag,
        role,
        doc,
        group,
        deadline,
        pastDependency,
        outlets,
        callbacks);
  }
}
