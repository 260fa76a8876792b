package dev.watchdog.agent.instrument.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLWarning;

/** Test support: a statement answering nothing, for stand-ins to override the few calls a test makes. */
public abstract class StatementStub implements java.sql.Statement {
    @Override public <T> T unwrap(Class<T> a0) { throw new UnsupportedOperationException("unwrap"); }
    @Override public Connection getConnection() { throw new UnsupportedOperationException("getConnection"); }
    @Override public ResultSet executeQuery(String a0) throws java.sql.SQLException { throw new UnsupportedOperationException("executeQuery"); }
    @Override public ResultSet getGeneratedKeys() { throw new UnsupportedOperationException("getGeneratedKeys"); }
    @Override public ResultSet getResultSet() { throw new UnsupportedOperationException("getResultSet"); }
    @Override public SQLWarning getWarnings() { throw new UnsupportedOperationException("getWarnings"); }
    @Override public boolean execute(String a0) { throw new UnsupportedOperationException("execute"); }
    @Override public boolean execute(String a0, String[] a1) { throw new UnsupportedOperationException("execute"); }
    @Override public boolean execute(String a0, int a1) { throw new UnsupportedOperationException("execute"); }
    @Override public boolean execute(String a0, int[] a1) { throw new UnsupportedOperationException("execute"); }
    @Override public boolean getMoreResults() { throw new UnsupportedOperationException("getMoreResults"); }
    @Override public boolean getMoreResults(int a0) { throw new UnsupportedOperationException("getMoreResults"); }
    @Override public boolean isCloseOnCompletion() { throw new UnsupportedOperationException("isCloseOnCompletion"); }
    @Override public boolean isClosed() { throw new UnsupportedOperationException("isClosed"); }
    @Override public boolean isPoolable() { throw new UnsupportedOperationException("isPoolable"); }
    @Override public boolean isWrapperFor(Class<?> a0) { throw new UnsupportedOperationException("isWrapperFor"); }
    @Override public int executeUpdate(String a0) { throw new UnsupportedOperationException("executeUpdate"); }
    @Override public int executeUpdate(String a0, String[] a1) { throw new UnsupportedOperationException("executeUpdate"); }
    @Override public int executeUpdate(String a0, int a1) { throw new UnsupportedOperationException("executeUpdate"); }
    @Override public int executeUpdate(String a0, int[] a1) { throw new UnsupportedOperationException("executeUpdate"); }
    @Override public int getFetchDirection() { throw new UnsupportedOperationException("getFetchDirection"); }
    @Override public int getFetchSize() { throw new UnsupportedOperationException("getFetchSize"); }
    @Override public int getMaxFieldSize() { throw new UnsupportedOperationException("getMaxFieldSize"); }
    @Override public int getMaxRows() { throw new UnsupportedOperationException("getMaxRows"); }
    @Override public int getQueryTimeout() { throw new UnsupportedOperationException("getQueryTimeout"); }
    @Override public int getResultSetConcurrency() { throw new UnsupportedOperationException("getResultSetConcurrency"); }
    @Override public int getResultSetHoldability() { throw new UnsupportedOperationException("getResultSetHoldability"); }
    @Override public int getResultSetType() { throw new UnsupportedOperationException("getResultSetType"); }
    @Override public int getUpdateCount() { throw new UnsupportedOperationException("getUpdateCount"); }
    @Override public int[] executeBatch() { throw new UnsupportedOperationException("executeBatch"); }
    @Override public void addBatch(String a0) { throw new UnsupportedOperationException("addBatch"); }
    @Override public void cancel() { throw new UnsupportedOperationException("cancel"); }
    @Override public void clearBatch() { throw new UnsupportedOperationException("clearBatch"); }
    @Override public void clearWarnings() { throw new UnsupportedOperationException("clearWarnings"); }
    @Override public void close() { throw new UnsupportedOperationException("close"); }
    @Override public void closeOnCompletion() { throw new UnsupportedOperationException("closeOnCompletion"); }
    @Override public void setCursorName(String a0) { throw new UnsupportedOperationException("setCursorName"); }
    @Override public void setEscapeProcessing(boolean a0) { throw new UnsupportedOperationException("setEscapeProcessing"); }
    @Override public void setFetchDirection(int a0) { throw new UnsupportedOperationException("setFetchDirection"); }
    @Override public void setFetchSize(int a0) { throw new UnsupportedOperationException("setFetchSize"); }
    @Override public void setMaxFieldSize(int a0) { throw new UnsupportedOperationException("setMaxFieldSize"); }
    @Override public void setMaxRows(int a0) { throw new UnsupportedOperationException("setMaxRows"); }
    @Override public void setPoolable(boolean a0) { throw new UnsupportedOperationException("setPoolable"); }
    @Override public void setQueryTimeout(int a0) { throw new UnsupportedOperationException("setQueryTimeout"); }
}
