create table notes (id serial primary key, text varchar(200) not null);
insert into notes (text) values ('from the init script');
