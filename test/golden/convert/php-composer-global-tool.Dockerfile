# declined: line 4: `composer global` installs tools into Composer's home ($COMPOSER_HOME/vendor/bin), which slimstage does not carry over
